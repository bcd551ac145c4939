#!/usr/bin/env -S /usr/bin/python3
"""scikit-learn reference of our evaluation stage, for the `pipeline` workload of `npm run bench`.

Usage (called by scripts/bench.ts, which exports every input to a temporary folder and deletes it after):
    sklearn_pipeline.py SPEC.json

It repeats, with scikit-learn on the exported raw feature frame, the steps our evaluation stage runs
for the logistic model (`evaluateModels(panel, frame, config, ["logistic"])`, src/pipeline/evaluate.ts),
times each step and prints one JSON object on stdout.

SPEC.json (all paths little-endian raw arrays read with numpy.fromfile; `rows` = labelled panel rows):
    rows                     number of labelled rows; every row list below indexes 0 .. rows-1
    numeric   {path, names}  float64, column-major (len(names) x rows), NaN = missing
    categorical {path, names, levels}
                             uint8 codes, column-major (len(names) x rows); levels[j][code] is the level name
    y                        uint8 labels (rows)
    hazard                   null, or float64 true hazard per row (synthetic data at horizon 1)
    leaky     {path, name}   float64 leaky feature per row (our leakyFinalTenure)
    folds     {path, calendar, random}
                             path: uint32 row lists, concatenated; calendar / random: lists of
                             {"index", "train": [offset, length], "test": [offset, length]} into that file
    calibration {method, mode}   "isotonic"; mode "prequential" (calendar folds) or "cross-fitted"
    logistic  {C, tol, maxIter}
    evaluation {bootstrapReplicates, confidenceLevel, calibrationBins, binning, topFractions}
    seed                     seeds the numpy Generator of the bootstrap

Steps, as ours runs them:
  cv           per calendar fold: a ColumnTransformer fitted on the training rows only (numeric:
               SimpleImputer(mean) then StandardScaler; MissingIndicator(features="missing-only") on the
               numeric columns; categorical: OneHotEncoder(handle_unknown="ignore") over the levels seen in
               training, unseen -> all zeros), LogisticRegression(solver="newton-cholesky", C, tol, max_iter)
               (ours' objective, gradient scaling and stopping rule max |gradient| <= tol, so the same optimum),
               predict_proba of the test rows.
  calibration  prequential: fold k calibrated by IsotonicRegression(out_of_bounds="clip") fitted on the
               out-of-fold rows of folds < k (the first fold has none); cross-fitted: on all other folds;
               then the final isotonic on every out-of-fold row.
  metrics      out-of-fold ROC-AUC, average precision, Brier, log loss, reliability curve
               (calibration_curve with our bins/strategy), lift at the top fractions; the same without the
               band for raw vs calibrated on the calibrated rows and per fold; the true hazard scored on the
               calibrated rows when the data know it.
  bootstrap    `bootstrapReplicates` percentile-bootstrap replicates of ROC-AUC (roc_auc_score on n rows drawn
               with replacement, single-class resamples skipped and counted, np.quantile linear = type 7) for
               the out-of-fold predictions and, when known, for the true hazard: the two bands ours computes.
  ladder       on the last calendar fold only: the random rung (our randomHoldout's one train/test pair over
               that fold's rows) and the last calendar fold with the leaky column added as one more numeric
               feature, each fitted as in `cv`; ROC-AUC and average precision of each. The honest rung reuses
               `cv`'s predictions on the last fold, as ours does.

Matched: the design (the missing indicator stays 0/1 and is not standardised, as ours; this is why the
imputer's add_indicator is not used: StandardScaler would scale the indicator and change the L2 fit), the
folds and their rows, the solver's optimum (both converge to max |gradient| <= tol), the isotonic fits, the
metrics' definitions, the number of bootstrap replicates and the percentile rule.
Not matched: the bootstrap resamples (numpy's Generator, not our Rng stream: the bands agree only to Monte
Carlo noise); the route to the optimum: ours may warm-start a fit from another fold's solution or take Newton
steps on a sub-sampled Hessian, and may run folds concurrently on its worker threads; this script fits every
fold from zero (scikit-learn's default), one after the other. Ours also computes the Brier decomposition, ECE
and the MAE/RMSE of calibrated probabilities against the true hazard (all O(n), not repeated here). The column
order of the design matrix (indicators after the numeric block here, beside their feature in ours) does not
change the fit.

Threads: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS and MKL_NUM_THREADS are set by scripts/bench.ts to the number of
workers our side uses (when this script is run by hand and they are unset, it sets them to 1 before numpy
loads); they parallelise BLAS calls inside a fit, not the folds, which run one after the other.
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left as the environment has them. The output reports the variables and
threadpoolctl's view of the loaded BLAS / OpenMP pools.

Timing: `seconds` holds imports (interpreter start not included), load (numpy.fromfile and assembly of the raw
matrix), each step, and `evaluation` = cv + calibration + metrics + bootstrap + ladder (one span, load
excluded). Run with Debian's python (python3-sklearn >= 1.2 for newton-cholesky).
"""
import time

_T0 = time.perf_counter()

import json  # noqa: E402
import os  # noqa: E402
import platform  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
for _var in THREAD_VARS:
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.calibration import calibration_curve  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.impute import MissingIndicator, SimpleImputer  # noqa: E402
from sklearn.isotonic import IsotonicRegression  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

_T_IMPORTED = time.perf_counter()


def fail(msg):
    print(f"sklearn_pipeline.py: {msg}", file=sys.stderr)
    sys.exit(2)


def read(path, dtype, count, what):
    a = np.fromfile(path, dtype=dtype)
    if a.size != count:
        fail(f"{what}: {path} holds {a.size} values, expected {count}")
    return a


def load(spec):
    """The raw matrix (rows x (numeric + categorical), codes as float), labels, hazard, leaky column, folds."""
    rows = int(spec["rows"])
    num, cat = spec["numeric"], spec["categorical"]
    n_num, n_cat = len(num["names"]), len(cat["names"])
    numeric = read(num["path"], "<f8", n_num * rows, "numeric").reshape(n_num, rows)
    codes = read(cat["path"], np.uint8, n_cat * rows, "categorical").reshape(n_cat, rows)
    for j, levels in enumerate(cat["levels"]):
        if codes[j].size and int(codes[j].max()) >= len(levels):
            fail(f"categorical {cat['names'][j]!r}: code {int(codes[j].max())} but only {len(levels)} levels")
    X = np.empty((rows, n_num + n_cat))
    X[:, :n_num] = numeric.T
    X[:, n_num:] = codes.T
    y = read(spec["y"], np.uint8, rows, "y")
    if y.size and int(y.max()) > 1:
        fail(f"labels must be 0 or 1, found {int(y.max())}")
    hazard = None if spec.get("hazard") is None else read(spec["hazard"], "<f8", rows, "hazard")
    leaky = read(spec["leaky"]["path"], "<f8", rows, "leaky")
    all_rows = np.fromfile(spec["folds"]["path"], dtype="<u4").astype(np.intp)

    def folds(plan):
        out = []
        for f in plan:
            (a, m), (b, n) = f["train"], f["test"]
            if a + m > all_rows.size or b + n > all_rows.size:
                fail(f"fold {f['index']}: row list runs past the {all_rows.size} stored indices")
            out.append((int(f["index"]), all_rows[a : a + m], all_rows[b : b + n]))
        return out

    if all_rows.size and int(all_rows.max()) >= rows:
        fail(f"a fold names row {int(all_rows.max())}, but there are only {rows} rows")
    return X, n_num, n_cat, y.astype(np.int64), hazard, leaky, folds(spec["folds"]["calendar"]), folds(spec["folds"]["random"])


def design(n_num, n_cat):
    """Our FeaturePreprocessor, in scikit-learn: see the module docstring."""
    num = list(range(n_num))
    return ColumnTransformer(
        [
            ("numeric", make_pipeline(SimpleImputer(strategy="mean"), StandardScaler()), num),
            ("missing", MissingIndicator(features="missing-only", error_on_new=False), num),
            ("categorical", OneHotEncoder(handle_unknown="ignore", sparse_output=False), list(range(n_num, n_num + n_cat))),
        ]
    )


def cross_validate(X, n_num, n_cat, y, folds, lr):
    """Out-of-fold predictions in fold order: (fold of each entry, label, proba, Newton steps per fold, converged, columns)."""
    parts, n_iter, converged, columns = [], [], True, 0
    for k, train, test in folds:
        ct = design(n_num, n_cat)
        X_train = ct.fit_transform(X[train])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ConvergenceWarning)
            model = LogisticRegression(solver="newton-cholesky", C=lr["C"], tol=lr["tol"], max_iter=lr["maxIter"]).fit(X_train, y[train])
        converged = converged and not any(issubclass(w.category, ConvergenceWarning) for w in caught)
        n_iter.append(int(model.n_iter_[0]))
        columns = X_train.shape[1]
        parts.append((np.full(test.size, k), y[test], model.predict_proba(ct.transform(X[test]))[:, 1], test))
    fold, label, proba, rows = (np.concatenate(a) for a in zip(*parts))
    return {"fold": fold, "label": label, "proba": proba, "rows": rows, "nIter": n_iter, "converged": converged, "columns": columns}


def calibrate(oof, mode):
    """Calibrated probability per out-of-fold entry (NaN where none) and the final isotonic fit on all of them."""
    fold, label, proba = oof["fold"], oof["label"], oof["proba"]
    out = np.full(proba.size, np.nan)
    for k in np.unique(fold):
        score = fold == k
        fit = ~score if mode == "cross-fitted" else fold < k
        if not fit.any():
            continue
        out[score] = IsotonicRegression(out_of_bounds="clip").fit(proba[fit], label[fit]).predict(proba[score])
    final = IsotonicRegression(out_of_bounds="clip").fit(proba, label)
    return out, np.flatnonzero(~np.isnan(out)), final


def lift(y, p, fractions):
    order = np.argsort(-p, kind="stable")
    n, positives = y.size, int(y.sum())
    out = []
    for f in fractions:
        x = f * n  # our topCount: ceil(f * n), where a product within 1e-9 * n of an integer counts as it
        k = min(n, max(1, round(x) if abs(x - round(x)) <= 1e-9 * max(1, n) else int(np.ceil(x))))
        top = int(y[order[:k]].sum())
        out.append({"fraction": f, "lift": (top / k) / (positives / n), "capture": top / positives})
    return out


def summarize(y, p, ev):
    """The band-free metrics of one set of predictions."""
    strategy = "quantile" if ev["binning"] == "quantile" else "uniform"
    observed, predicted = calibration_curve(y, p, n_bins=int(ev["calibrationBins"]), strategy=strategy)
    return {
        "rows": int(y.size),
        "positives": int(y.sum()),
        "rocAuc": float(roc_auc_score(y, p)),
        "averagePrecision": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
        "logLoss": float(log_loss(y, p, labels=[0, 1])),
        "reliabilityBins": int(observed.size),
        "lift": lift(y, p, ev["topFractions"]),
    }


def bootstrap_auc(y, p, replicates, level, rng):
    """Percentile bootstrap band of ROC-AUC: `replicates` resamples of n rows with replacement."""
    n = y.size
    values, skipped = [], 0
    for _ in range(replicates):
        idx = rng.integers(0, n, n)
        yb = y[idx]
        if yb.min() == yb.max():
            skipped += 1
            continue
        values.append(roc_auc_score(yb, p[idx]))
    if not values:
        fail(f"all {replicates} bootstrap replicates held a single class")
    alpha = (1 - level) / 2
    return {"lower": float(np.quantile(values, alpha)), "upper": float(np.quantile(values, 1 - alpha)), "level": level, "replicates": len(values), "skipped": skipped}


class Clock:
    """Seconds per named step, accumulated."""

    def __init__(self):
        self.seconds = {}

    def step(self, name, fn):
        t0 = time.perf_counter()
        out = fn()
        self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - t0
        return out


def threadpools():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    return [{"api": p.get("internal_api"), "library": os.path.basename(p.get("filepath") or ""), "numThreads": p.get("num_threads")} for p in threadpool_info()]


def main(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    lr, ev, cal = spec["logistic"], spec["evaluation"], spec["calibration"]
    if cal["method"] != "isotonic":
        fail(f"only isotonic calibration is mirrored here, got {cal['method']!r}")
    if cal["mode"] not in ("prequential", "cross-fitted"):
        fail(f"calibration mode must be 'prequential' or 'cross-fitted', got {cal['mode']!r}")
    replicates, level = int(ev["bootstrapReplicates"]), float(ev["confidenceLevel"])
    clock = Clock()
    X, n_num, n_cat, y, hazard, leaky, calendar, random = clock.step("load", lambda: load(spec))
    rng = np.random.default_rng(int(spec["seed"]))

    t_eval = time.perf_counter()
    oof = clock.step("cv", lambda: cross_validate(X, n_num, n_cat, y, calendar, lr))
    calibrated, evaluated, _final = clock.step("calibration", lambda: calibrate(oof, cal["mode"]))

    def metrics():
        label, proba = oof["label"], oof["proba"]
        out = {
            "raw": summarize(label, proba, ev),
            "comparedRaw": summarize(label[evaluated], proba[evaluated], ev),
            "calibrated": summarize(label[evaluated], calibrated[evaluated], ev),
            "perFold": [],
            "truth": None,
        }
        for k, _, _ in calendar:
            at = oof["fold"] == k
            s = summarize(label[at], proba[at], ev)
            out["perFold"].append({"fold": k, "rows": s["rows"], "positives": s["positives"], "rocAuc": s["rocAuc"], "averagePrecision": s["averagePrecision"]})
        if hazard is not None and evaluated.size:
            out["truth"] = summarize(label[evaluated], hazard[oof["rows"][evaluated]], ev)
        return out

    summary = clock.step("metrics", metrics)

    def bands():
        out = {"raw": bootstrap_auc(oof["label"], oof["proba"], replicates, level, rng), "truth": None}
        if summary["truth"] is not None:
            out["truth"] = bootstrap_auc(oof["label"][evaluated], hazard[oof["rows"][evaluated]], replicates, level, rng)
        return out

    band = clock.step("bootstrap", bands) if replicates > 0 else {"raw": None, "truth": None}

    def rung(r):
        return {"rocAuc": float(roc_auc_score(r["label"], r["proba"])), "averagePrecision": float(average_precision_score(r["label"], r["proba"]))}

    def ladder_random():
        r = cross_validate(X, n_num, n_cat, y, random, lr)
        return r, rung(r)

    def ladder_leaky():
        X_leaky = np.concatenate([X[:, :n_num], leaky[:, None], X[:, n_num:]], axis=1)
        r = cross_validate(X_leaky, n_num + 1, n_cat, y, calendar[-1:], lr)
        return r, rung(r)

    last_fold = oof["fold"] == calendar[-1][0]
    time_aware = rung({"label": oof["label"][last_fold], "proba": oof["proba"][last_fold]})

    random_oof, random_summary = clock.step("ladderRandom", ladder_random)
    leaky_oof, leaky_summary = clock.step("ladderLeaky", ladder_leaky)
    clock.seconds["evaluation"] = time.perf_counter() - t_eval
    clock.seconds["imports"] = _T_IMPORTED - _T0

    raw = summary["raw"]
    truth = summary["truth"]
    out = {
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__, "numpy": np.__version__, "scipy": scipy.__version__},
        "threads": {
            "env": {v: os.environ.get(v) for v in (*THREAD_VARS, "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
            "threadpools": threadpools(),
        },
        "rows": int(y.size),
        "numeric": n_num,
        "categorical": n_cat,
        "columns": oof["columns"],
        "folds": {"calendar": len(calendar), "random": len(random)},
        "seconds": clock.seconds,
        "logistic": {
            "solver": "newton-cholesky",
            "C": lr["C"],
            "tol": lr["tol"],
            "maxIter": lr["maxIter"],
            "nIter": {"calendar": oof["nIter"], "random": random_oof["nIter"], "leaky": leaky_oof["nIter"]},
            "converged": oof["converged"] and random_oof["converged"] and leaky_oof["converged"],
        },
        "calibration": {"method": cal["method"], "mode": cal["mode"], "evaluatedRows": int(evaluated.size)},
        "rocAuc": {
            "raw": raw["rocAuc"],
            "band": band["raw"],
            "comparedRaw": summary["comparedRaw"]["rocAuc"],
            "calibrated": summary["calibrated"]["rocAuc"],
            "truth": None if truth is None else truth["rocAuc"],
            "truthBand": band["truth"],
            "ladder": {"random": random_summary["rocAuc"], "timeAware": time_aware["rocAuc"], "leaky": leaky_summary["rocAuc"]},
        },
        "summary": {"raw": raw, "comparedRaw": summary["comparedRaw"], "calibrated": summary["calibrated"], "truth": truth, "random": random_summary, "leaky": leaky_summary},
        "perFold": summary["perFold"],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: sklearn_pipeline.py SPEC.json")
    main(sys.argv[1])
