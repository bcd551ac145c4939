#!/usr/bin/env -S /usr/bin/python3
"""scikit-learn side of `npm run bench` (scripts/bench.ts): times the same LR / RF fits on the same data.

Usage (called by scripts/bench.ts, which writes every input to a temporary folder and deletes it after):
    sklearn_bench.py SPEC.json

SPEC.json holds:
    x, y            paths of a row-major little-endian float64 matrix (rows x cols) and uint8 labels,
                    read with numpy.fromfile
    rows, cols      the matrix shape
    repeats         timed runs per fit; warmup: true adds one untimed run first
    lr              null, or {"C", "tol", "maxIter"}: our LogisticRegression's options. Timed:
                    LogisticRegression(C=C, max_iter=1000) (default lbfgs, its default tol 1e-4) and
                    LogisticRegression(C=C, solver="newton-cholesky", tol=tol, max_iter=maxIter), the
                    same algorithm and gradient scaling as ours, to check that the optima agree.
    rf              null, or {"nEstimators", "maxDepth", "maxFeatures", "minNumSamples", "nTrainRows",
                    "nTrainPositives", "seed"}. Each timed run draws a class-stratified sample of exactly
                    nTrainRows rows with nTrainPositives positives (numpy seeded by `seed`; the same SIZE
                    and class mix as our balanced, capped sample, not the same rows) and fits
                    RandomForestClassifier(n_estimators, max_depth, max_features=maxFeatures (fraction),
                    min_samples_split=minNumSamples + 1, bootstrap=True, criterion="gini", n_jobs=1).

What is matched in the forest: tree count, depth limit, Gini, bootstrap rows per tree, the training-sample
size and class mix, and the node-size rule (ml-cart makes a node with <= minNumSamples rows a leaf, i.e.
sklearn's min_samples_split = minNumSamples + 1). Not matched: ml-random-forest draws
floor(p * maxFeatures) columns once per TREE, sklearn draws them at every SPLIT; ml-cart stops when a
split's Gini gain is <= 0.01 (sklearn's min_impurity_decrease = 0 here); the random streams differ.

BLAS / OpenMP threads are pinned to 1 (unless the caller set OMP_NUM_THREADS etc.) because the TypeScript
side is single-threaded. Prints one JSON object on stdout.

Run with Debian's python (python3-sklearn).
"""
import json
import os
import sys
import time
import warnings

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import RandomForestClassifier  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402

LBFGS_MAX_ITER = 1000


def fail(msg):
    print(f"sklearn_bench.py: {msg}", file=sys.stderr)
    sys.exit(2)


def load(spec):
    rows, cols = int(spec["rows"]), int(spec["cols"])
    x_bytes = os.path.getsize(spec["x"])
    if x_bytes != rows * cols * 8:
        fail(f"{spec['x']} has {x_bytes} bytes, expected rows * cols * 8 = {rows} * {cols} * 8 = {rows * cols * 8}")
    X = np.fromfile(spec["x"], dtype="<f8").reshape(rows, cols)
    y = np.fromfile(spec["y"], dtype=np.uint8)
    if y.shape[0] != rows:
        fail(f"{spec['y']} has {y.shape[0]} labels, expected rows = {rows}")
    if np.any(y > 1):
        fail(f"labels must be 0 or 1, found {int(y.max())}")
    if not np.all(np.isfinite(X)):
        fail("X has non-finite values")
    return X, y.astype(np.int64)


def timed(fn, repeats, warmup):
    """Runs fn() warmup (0/1) + repeats times; returns (seconds of the timed runs, result of the last)."""
    times, out = [], None
    for r in range((1 if warmup else 0) + repeats):
        t0 = time.perf_counter()
        out = fn()
        dt = time.perf_counter() - t0
        if r >= (1 if warmup else 0):
            times.append(dt)
    return times, out


def fit_lr(X, y, **kw):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        m = LogisticRegression(**kw).fit(X, y)
    return m, any(issubclass(w.category, ConvergenceWarning) for w in caught)


def lr_summary(m, warned, times, max_iter):
    n_iter = int(m.n_iter_[0])
    return {
        "solver": m.solver,
        "C": m.C,
        "tol": m.tol,
        "maxIter": max_iter,
        "runs": times,
        "medianSeconds": float(np.median(times)),
        "nIter": n_iter,
        "converged": (not warned) and n_iter < max_iter,
        "coef": m.coef_[0].tolist(),
        "intercept": float(m.intercept_[0]),
    }


def stratified_sample(y, n_rows, n_pos, seed):
    rng = np.random.default_rng(seed)
    pos = np.flatnonzero(y == 1)
    neg = np.flatnonzero(y == 0)
    if n_pos > pos.size or n_rows - n_pos > neg.size:
        fail(f"cannot draw {n_pos} positives and {n_rows - n_pos} negatives from {pos.size} and {neg.size}")
    idx = np.concatenate([rng.choice(pos, n_pos, replace=False), rng.choice(neg, n_rows - n_pos, replace=False)])
    idx.sort()
    return idx


def main(spec_path):
    with open(spec_path) as f:
        spec = json.load(f)
    X, y = load(spec)
    repeats, warmup = int(spec["repeats"]), bool(spec["warmup"])
    if repeats < 1:
        fail(f"repeats must be >= 1, got {repeats}")
    out = {"sklearnVersion": sklearn.__version__, "numpyVersion": np.__version__, "rows": X.shape[0], "cols": X.shape[1]}
    try:
        from threadpoolctl import threadpool_info

        out["threadpools"] = [{"api": p.get("internal_api"), "numThreads": p.get("num_threads")} for p in threadpool_info()]
    except ImportError:
        out["threadpools"] = None

    lr = spec.get("lr")
    if lr:
        times, (m, warned) = timed(lambda: fit_lr(X, y, C=lr["C"], max_iter=LBFGS_MAX_ITER), repeats, warmup)
        out["lbfgs"] = lr_summary(m, warned, times, LBFGS_MAX_ITER)
        kw = {"C": lr["C"], "solver": "newton-cholesky", "tol": lr["tol"], "max_iter": lr["maxIter"]}
        times, (m, warned) = timed(lambda: fit_lr(X, y, **kw), repeats, warmup)
        out["newtonCholesky"] = lr_summary(m, warned, times, lr["maxIter"])

    rf = spec.get("rf")
    if rf:
        n_rows, n_pos, seed = int(rf["nTrainRows"]), int(rf["nTrainPositives"]), int(rf["seed"])

        def fit_rf():
            idx = stratified_sample(y, n_rows, n_pos, seed)
            m = RandomForestClassifier(
                n_estimators=int(rf["nEstimators"]),
                max_depth=int(rf["maxDepth"]),
                max_features=float(rf["maxFeatures"]),
                min_samples_split=int(rf["minNumSamples"]) + 1,
                criterion="gini",
                bootstrap=True,
                n_jobs=1,
                random_state=seed,
            )
            return m.fit(X[idx], y[idx])

        times, m = timed(fit_rf, repeats, warmup)
        out["rf"] = {
            "runs": times,
            "medianSeconds": float(np.median(times)),
            "nTrainRows": n_rows,
            "nTrainPositives": n_pos,
            "nEstimators": m.n_estimators,
            "maxDepth": m.max_depth,
            "maxFeatures": m.max_features,
            "featuresPerSplit": max(1, int(m.max_features * X.shape[1])),
            "minSamplesSplit": m.min_samples_split,
            "nNodes": int(sum(t.tree_.node_count for t in m.estimators_)),
            "timedIncludesSampling": True,
        }
    print(json.dumps(out))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: sklearn_bench.py SPEC.json")
    main(sys.argv[1])
