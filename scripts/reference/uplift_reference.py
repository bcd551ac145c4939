#!/usr/bin/env -S /usr/bin/python3
"""Reference values for the uplift metrics of src/experiments (issue 13).

scikit-uplift (sklift) cannot be installed here (no PyPI), so this is an INDEPENDENT numpy
implementation of its definitions, written from the documentation and source of
sklift/metrics/metrics.py at v0.5.1 (maks-sh/scikit-uplift): qini_curve, perfect_qini_curve
(negative_effect=True), qini_auc_score (negative_effect=True) and uplift_at_k with a float k.
It shares no code with the TypeScript; agreement of two implementations of one definition is
the check. When this fixture was made, sklift 0.5.1's own metrics.py (run from its source tree,
outside this repository) gave identical curves, scores and uplift@k on every case. The definitions, as sklift states and computes them:

  order        np.argsort(uplift, kind="mergesort")[::-1]: decreasing score, ties by decreasing index
  qini_curve   at the end of each run of equal scores in that order, x = units so far and
               y = Y_t - Y_c * N_t / N_c over them (the ratio term is 0 while N_c = 0); (0, 0) prepended
  perfect      qini_curve of the score y*t - y*(1 - t)
  qini_auc     (auc(actual) - auc(random)) / (auc(perfect) - auc(random)), sklearn.metrics.auc
               (trapezoid), random = straight line from (0, 0) to the perfect curve's last point
  uplift_at_k  "overall": top int(n*k) units, mean(y | treated) - mean(y | control) among them;
               "by_group": top int(N_t*k) treated and top int(N_c*k) control units

Writes tests/fixtures/uplift-reference.json (deterministic, numpy seed below). Cases have a few
hundred rows with many tied scores, and one whose top-scored run holds only treated units.

Run from the repository root:  scripts/reference/uplift_reference.py
Requires Debian's /usr/bin/python3 (numpy).
"""
import json
import os
from pathlib import Path

import numpy as np

SEED = 20250114
SKLIFT_VERSION = "0.5.1"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "uplift-reference.json")
K_VALUES = [0.05, 0.1, 0.25, 0.3, 0.5, 0.73, 0.9]


def sklift_order(uplift):
    return np.argsort(uplift, kind="mergesort")[::-1]


def qini(y, uplift, t):
    order = sklift_order(uplift)
    ys, ss, ts = y[order].astype(float), uplift[order], t[order].astype(float)
    ends = np.append(np.flatnonzero(ss[1:] != ss[:-1]), len(ss) - 1)
    n_all = (ends + 1).astype(float)
    n_t = np.cumsum(ts)[ends]
    y_t = np.cumsum(ys * ts)[ends]
    y_c = np.cumsum(ys * (1 - ts))[ends]
    n_c = n_all - n_t
    share = np.zeros_like(n_t)
    np.divide(n_t, n_c, out=share, where=n_c != 0)
    return np.concatenate([[0.0], n_all]), np.concatenate([[0.0], y_t - y_c * share])


def perfect_qini(y, t):
    return qini(y, (y * t - y * (1 - t)).astype(float), t)


def trapezoid(x, v):
    return float(np.sum(np.diff(x) * (v[1:] + v[:-1]) / 2.0))


def qini_auc(y, uplift, t):
    xp, yp = perfect_qini(y, t)
    baseline = xp[-1] * yp[-1] / 2.0
    xa, ya = qini(y, uplift, t)
    return (trapezoid(xa, ya) - baseline) / (trapezoid(xp, yp) - baseline)


def uplift_at_k(y, uplift, t, strategy, k):
    order = sklift_order(uplift)
    ys, ts = y[order], t[order]
    if strategy == "overall":
        top = int(len(y) * k)
        yt, yc = ys[:top][ts[:top] == 1], ys[:top][ts[:top] == 0]
    else:
        yt = ys[ts == 1][: int((t == 1).sum() * k)]
        yc = ys[ts == 0][: int((t == 0).sum() * k)]
    if len(yt) == 0 or len(yc) == 0:
        return None  # sklift returns NaN (mean of an empty slice); the TypeScript throws
    return float(yt.mean() - yc.mean())


def make_case(rng, name, n, treated_share, decimals, treated_top=False):
    x = rng.normal(0.0, 1.0, n)
    t = (rng.random(n) < treated_share).astype(np.int64)
    base = 0.3 + 0.1 * np.tanh(x)
    lift = 0.15 * np.tanh(1.5 * x)  # heterogeneous: helps where x > 0, harms where x < 0
    y = (rng.random(n) < np.clip(base + t * lift, 0, 1)).astype(np.int64)
    uplift = np.round(0.12 * np.tanh(1.5 * x) + rng.normal(0.0, 0.05, n), decimals)
    if treated_top:
        top = np.flatnonzero(t == 1)[:5]
        uplift[top] = uplift.max() + 0.5  # the first distinct-score cut holds treated units only
    xq, yq = qini(y, uplift, t)
    xp, yp = perfect_qini(y, t)
    at_k = {s: [uplift_at_k(y, uplift, t, s, k) for k in K_VALUES] for s in ("overall", "by_group")}
    return {
        "name": name, "y": y.tolist(), "uplift": [float(v) for v in uplift], "treatment": t.tolist(),
        "distinct_scores": int(len(np.unique(uplift))),
        "qini_curve": {"x": xq.tolist(), "y": yq.tolist()},
        "perfect_qini_curve": {"x": xp.tolist(), "y": yp.tolist()},
        "qini_auc_score": qini_auc(y, uplift, t),
        "k": K_VALUES, "uplift_at_k": at_k,
    }


def main():
    rng = np.random.default_rng(SEED)
    cases = [
        make_case(rng, "ties_2dp", 300, 0.5, 2),
        make_case(rng, "heavy_ties_1dp_unbalanced", 400, 0.35, 1),
        make_case(rng, "treated_only_top", 250, 0.6, 2, treated_top=True),
    ]
    payload = {
        "meta": {"generator": "scripts/reference/uplift_reference.py", "seed": SEED, "follows": f"scikit-uplift {SKLIFT_VERSION}",
                 "numpy": np.__version__},
        "cases": cases,
    }
    Path(OUT).write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
