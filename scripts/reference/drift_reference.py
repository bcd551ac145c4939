#!/usr/bin/env -S /usr/bin/python3
"""Reference values for src/monitoring, computed with scipy and statsmodels.

Writes tests/fixtures/drift-reference.json (deterministic, numpy seed below):
  distributions  scipy.stats chi2.cdf/sf/ppf/isf, norm.sf and kstwo.sf (the distribution behind
                 ks_2samp(method="asymp")) on grids that reach every branch of kstwo's algorithm choice
  samples        numeric and categorical reference/current pairs with: reference-quantile bins
                 (inverse-ECDF cuts, deduplicated, below the reference maximum; NaN bin), PSI with
                 +1/2-count smoothing and with the 1e-4 floor, its Yurdakul critical value and p-value, scipy.spatial.distance.jensenshannon(base=2),
                 scipy.stats.ks_2samp(method="asymp"), wasserstein_distance / np.std (Evidently's floor
                 0.001), chi2_contingency(correction=False) and the two-proportion Z-test
  multipletests  statsmodels.stats.multitest.multipletests, methods bonferroni and fdr_bh
  cbpe           the expected ROC-AUC of calibrated probabilities, from numpy cumulative sums

Run from the repository root:  scripts/reference/drift_reference.py
Requires Debian's /usr/bin/python3 with python3-scipy and python3-statsmodels.
"""
import json
import math
import os
import sys
import warnings

import numpy as np
import scipy
import statsmodels
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2, chi2_contingency, ks_2samp, kstwo, norm, wasserstein_distance
from statsmodels.stats.multitest import multipletests

SEED = 20240713
BINS = 10
ALPHA = 0.05
EPSILON = 1e-4
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def fl(values):
    """Floats for JSON; NaN becomes null."""
    return [None if math.isnan(v) else float(v) for v in np.asarray(values, dtype=np.float64)]


def distributions():
    chi2_rows = []
    for df in (1, 2, 3, 4, 5, 9, 10, 19, 29, 49, 99, 200, 1000):
        for x in (1e-8, 0.001, 0.3, 1.0, 2.5, 7.0, 16.92, 30.0, 60.0, 150.0, 400.0, 1100.0):
            chi2_rows.append({"df": df, "x": x, "cdf": float(chi2.cdf(x, df)), "sf": float(chi2.sf(x, df))})
    quantile_rows = []
    for df in (1, 2, 3, 4, 5, 9, 10, 19, 29, 49, 99, 200, 1000):
        for p in (1e-12, 1e-6, 0.001, 0.01, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999):
            quantile_rows.append({"df": df, "p": p, "ppf": float(chi2.ppf(p, df)), "isf": float(chi2.isf(p, df))})
    normal_rows = [{"z": z, "sf": float(norm.sf(z))} for z in (-8.0, -3.0, -1.0, -0.1, 0.0, 0.3, 1.0, 1.959963984540054, 3.0, 6.0, 10.0, 30.0)]
    ks_rows = []
    for n in (1, 2, 3, 5, 8, 13, 25, 50, 100, 140, 141, 250, 500, 1000, 5000, 20000, 100000, 150000):
        grid = {0.6 / n, 0.9 / n, 1.0 / n, 1.3 / n, 0.55, 0.8, 1 - 1.5 / n, 1 - 0.2 / n}
        grid |= {c / math.sqrt(n) for c in (0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.2, 1.5, 1.8, 2.0, 3.0, 5.0, 8.0, 19.0, 20.0)}
        for d in sorted(grid):
            if 0 < d < 1:
                ks_rows.append({"n": n, "d": d, "sf": float(kstwo.sf(d, n))})
    return {"chi2": chi2_rows, "chi2Quantiles": quantile_rows, "normal": normal_rows, "kstwo": ks_rows}


def quantile_cuts(reference, bins):
    """Inverse-ECDF cuts at i/bins (integer arithmetic), deduplicated, strictly below the maximum."""
    finite = np.sort(reference[~np.isnan(reference)])
    n = len(finite)
    cuts = []
    for i in range(1, bins):
        k = -(-n * i // bins)  # ceil(n * i / bins)
        cut = finite[k - 1]
        # numpy's inverse-ECDF quantile agrees; it is skipped where n*i/bins is an integer, as
        # numpy's level i/bins is not exact in binary and can tip its ceiling past that integer.
        if (n * i) % bins != 0:
            assert cut == np.quantile(finite, i / bins, method="inverted_cdf"), (n, i, bins)
        if cut < finite[-1] and (not cuts or cut > cuts[-1]):
            cuts.append(cut)
    return np.array(cuts)


def drop_empty(ref, cur):
    keep = (ref + cur) > 0
    return ref[keep], cur[keep]


def numeric_counts(reference, current, cuts):
    """Bins closed on the right: index = number of cuts below the value; NaN last when present."""
    def count(values):
        finite = values[~np.isnan(values)]
        counts = np.bincount(np.searchsorted(cuts, finite, side="left"), minlength=len(cuts) + 1)
        return counts, int(np.isnan(values).sum())

    ref, ref_missing = count(reference)
    cur, cur_missing = count(current)
    if ref_missing + cur_missing > 0:
        ref = np.append(ref, ref_missing)
        cur = np.append(cur, cur_missing)
    return drop_empty(ref, cur)


def psi_reference(ref, cur):
    """PSI under both smoothings (+1/2 per bin; zero proportions floored at 1e-4) and its Yurdakul test."""
    n_ref, n_cur = ref.sum(), cur.sum()
    bins = len(ref)
    scale = 1 / n_ref + 1 / n_cur
    out = {"criticalValue": float(scale * chi2.isf(ALPHA, bins - 1)) if bins > 1 else 0.0, "scale": float(scale)}
    smoothed = {
        "halfCount": ((ref + 0.5) / (n_ref + bins / 2), (cur + 0.5) / (n_cur + bins / 2)),
        "floor": (np.where(ref > 0, ref / n_ref, EPSILON), np.where(cur > 0, cur / n_cur, EPSILON)),
    }
    for key, (p, q) in smoothed.items():
        value = float(np.sum((q - p) * np.log(q / p)))
        p_value = float(chi2.sf(value / scale, bins - 1)) if bins > 1 else 1.0
        out[key] = {"statistic": value, "pValue": p_value}
    return out


def count_tests(ref, cur):
    """PSI, Jensen-Shannon (base 2) and the chi-square contingency test on two count vectors."""
    out = {"psi": psi_reference(ref, cur), "jensenShannon": float(jensenshannon(ref, cur, base=2))}
    if len(ref) > 1:
        stat, p, dof, _ = chi2_contingency(np.vstack([ref, cur]), correction=False)
        out["chiSquare"] = {"statistic": float(stat), "pValue": float(p), "dof": int(dof)}
    return out


def numeric_case(name, reference, current):
    cuts = quantile_cuts(reference, BINS)
    ref_counts, cur_counts = numeric_counts(reference, current, cuts)
    ref_f = reference[~np.isnan(reference)]
    cur_f = current[~np.isnan(current)]
    ks = ks_2samp(ref_f, cur_f, method="asymp")
    case = {
        "name": name,
        "kind": "numeric",
        "reference": fl(reference),
        "current": fl(current),
        "cuts": fl(cuts),
        "referenceCounts": [int(v) for v in ref_counts],
        "currentCounts": [int(v) for v in cur_counts],
        "ks": {"statistic": float(ks.statistic), "pValue": float(ks.pvalue)},
        "wasserstein": {
            "distance": float(wasserstein_distance(ref_f, cur_f)),
            "normalized": float(wasserstein_distance(ref_f, cur_f) / max(np.std(ref_f), 0.001)),
        },
    }
    case.update(count_tests(ref_counts, cur_counts))
    return case


def categorical_case(name, reference, current):
    levels = max(reference.max(), current.max()) + 1
    ref_counts, cur_counts = drop_empty(np.bincount(reference, minlength=levels), np.bincount(current, minlength=levels))
    case = {
        "name": name,
        "kind": "categorical",
        "reference": [int(v) for v in reference],
        "current": [int(v) for v in current],
        "referenceCounts": [int(v) for v in ref_counts],
        "currentCounts": [int(v) for v in cur_counts],
    }
    case.update(count_tests(ref_counts, cur_counts))
    if len(ref_counts) == 2:
        n1, n2 = ref_counts.sum(), cur_counts.sum()
        p1, p2 = ref_counts[1] / n1, cur_counts[1] / n2
        pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
        z = (p1 - p2) / np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        case["z"] = {"statistic": float(z), "pValue": float(2 * norm.sf(abs(z)))}
    return case


def samples(rng):
    cases = []
    r = lambda a: np.round(a, 4)
    cases.append(numeric_case("normal_shift", r(rng.normal(0, 1, 400)), r(rng.normal(0.25, 1.1, 300))))
    cases.append(numeric_case("normal_same", r(rng.normal(10, 2, 800)), r(rng.normal(10, 2, 900))))
    cases.append(numeric_case("tiny", r(rng.normal(0, 1, 30)), r(rng.normal(0.4, 1, 25))))
    # Heavily tied counts with missing values in both samples: cuts collapse, NaN get their own bin.
    ref = rng.poisson(1.2, 600).astype(np.float64)
    cur = rng.poisson(1.5, 500).astype(np.float64)
    ref[rng.random(600) < 0.05] = np.nan
    cur[rng.random(500) < 0.12] = np.nan
    cases.append(numeric_case("poisson_ties_missing", ref, cur))
    cases.append(numeric_case("lognormal_large", r(rng.lognormal(3, 0.6, 2000)), r(rng.lognormal(3.05, 0.6, 3000))))
    # Categorical: level 6 unseen in the reference, level 4 absent from the current sample, level 7 in neither.
    ref = rng.choice(6, size=700, p=[0.3, 0.25, 0.2, 0.1, 0.1, 0.05])
    cur = rng.choice([0, 1, 2, 3, 5, 6, 8], size=650, p=[0.28, 0.22, 0.2, 0.12, 0.08, 0.06, 0.04])
    cases.append(categorical_case("categorical_unseen_level", ref, cur))
    cases.append(categorical_case("categorical_same", rng.choice(4, size=1500, p=[0.4, 0.3, 0.2, 0.1]), rng.choice(4, size=1200, p=[0.4, 0.3, 0.2, 0.1])))
    cases.append(categorical_case("binary", (rng.random(500) < 0.3).astype(np.int64), (rng.random(450) < 0.38).astype(np.int64)))
    return cases


def multiple_testing(rng):
    pvals = np.concatenate([[0.0, 1.0, 0.01, 0.01, 0.04, 0.049], np.round(rng.uniform(0, 0.2, 10), 4), rng.uniform(0, 1, 8)])
    rows = []
    for method in ("bonferroni", "fdr_bh"):
        for alpha in (0.05, 0.1):
            reject, corrected, _, _ = multipletests(pvals, alpha=alpha, method=method)
            rows.append({"method": method, "alpha": alpha, "adjusted": fl(corrected), "rejected": [int(v) for v in reject]})
    return {"pValues": fl(pvals), "results": rows}


def cbpe(rng):
    p = np.round(1 / (1 + np.exp(-rng.normal(-1.0, 1.5, 500))), 2)
    order = np.unique(p)[::-1]
    tp = np.array([p[p >= t].sum() for t in order])
    fp = np.array([(1 - p[p >= t]).sum() for t in order])
    tpr = np.concatenate([[0.0], tp / p.sum()])
    fpr = np.concatenate([[0.0], fp / (1 - p).sum()])
    return {"p": fl(p), "rocAuc": float(np.trapz(tpr, fpr)), "positiveRate": float(p.mean())}


def main():
    warnings.simplefilter("error", category=FutureWarning)
    rng = np.random.default_rng(SEED)
    payload = {
        "meta": {
            "generator": "scripts/reference/drift_reference.py",
            "seed": SEED,
            "bins": BINS,
            "alpha": ALPHA,
            "epsilon": EPSILON,
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "distributions": distributions(),
        "samples": samples(rng),
        "multipleTesting": multiple_testing(rng),
        "cbpe": cbpe(rng),
    }
    os.makedirs(FIXTURES, exist_ok=True)
    path = os.path.join(FIXTURES, "drift-reference.json")
    with open(path, "w") as fh:
        json.dump(payload, fh, separators=(",", ":"), allow_nan=False)
        fh.write("\n")
    size = os.path.getsize(path)
    print(f"wrote {path} ({size} bytes)")
    if size > 300_000:
        sys.exit(f"fixture drift-reference.json is {size} bytes, over the 300 KB budget")


if __name__ == "__main__":
    main()
