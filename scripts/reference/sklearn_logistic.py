#!/usr/bin/env -S /usr/bin/python3
"""Reference values for src/models/logisticRegression.ts from scikit-learn.

Default mode: generates small deterministic datasets (numpy seed), fits
sklearn.linear_model.LogisticRegression(penalty="l2") with tol=1e-10, max_iter=10000 using
both the "newton-cholesky" solver (exact to tol; the primary reference) and the default
"lbfgs" solver (stops earlier through scipy's ftol), and writes
tests/fixtures/sklearn-logistic.json (X rounded to 6 decimals BEFORE fitting, so the fixture
holds exactly the data sklearn saw).

Run with Debian's python (python3-sklearn): /usr/bin/python3 scripts/reference/sklearn_logistic.py
"""
import json
import os
import sys
import time
import warnings

import numpy as np
import scipy
import sklearn
from sklearn.linear_model import LogisticRegression

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "sklearn-logistic.json")
SEED = 20240611
TOL = 1e-10
MAX_ITER = 10000
PROBA_ROWS = 12


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def make_correlated(rng):
    """2000 x 8, Toeplitz correlation rho^|i-j| (rho = 0.7), mixed scales, ~40 % positives."""
    n, p, rho = 2000, 8, 0.7
    cov = rho ** np.abs(np.subtract.outer(np.arange(p), np.arange(p)))
    L = np.linalg.cholesky(cov)
    X = rng.standard_normal((n, p)) @ L.T
    X *= np.array([1.0, 2.0, 0.5, 1.0, 3.0, 1.0, 0.25, 1.5])
    X += np.array([0.0, 1.0, -0.5, 0.0, 2.0, 0.0, 0.1, -1.0])
    X = np.round(X, 6)
    w = np.array([1.0, -0.5, 1.5, 0.0, 0.4, -1.2, 2.0, 0.0])
    eta = (X - X.mean(axis=0)) @ w - 0.4
    y = (rng.random(n) < sigmoid(eta)).astype(np.int64)
    sw = np.round(rng.uniform(0.1, 3.0, n), 4)
    return X, y, sw


def make_imbalanced(rng):
    """1200 x 6 standard normals, intercept -3.8: ~3 % positives."""
    n, p = 1200, 6
    X = np.round(rng.standard_normal((n, p)), 6)
    w = np.array([0.9, -0.6, 0.5, 0.0, 0.3, -0.2])
    y = (rng.random(n) < sigmoid(X @ w - 3.8)).astype(np.int64)
    sw = np.round(rng.uniform(0.5, 2.0, n), 4)
    return X, y, sw


def objective(coef, intercept, X, y, s, C, sw_sum):
    """(sum s_i * logloss_i + ||w||^2 / (2C)) / sum(sample_weight): the normalised objective of the TS model."""
    z = X @ coef + intercept
    loss = np.logaddexp(0.0, z) - y * z
    return float((np.sum(s * loss) + 0.5 * coef @ coef / C) / sw_sum)


def fit(solver, X, y, C, class_weight, sw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any ConvergenceWarning aborts the script
        m = LogisticRegression(penalty="l2", C=C, solver=solver, tol=TOL, max_iter=MAX_ITER, class_weight=class_weight)
        m.fit(X, y, sample_weight=sw)
    return m


def effective_weights(y, sw, class_weight):
    s = np.ones(len(y)) if sw is None else sw.copy()
    if class_weight == "balanced":
        cw = len(y) / (2.0 * np.bincount(y))
    elif isinstance(class_weight, dict):
        cw = np.array([class_weight[0], class_weight[1]], dtype=float)
    else:
        cw = np.ones(2)
    return s * cw[y]


def main_fixture():
    rng = np.random.default_rng(SEED)
    datasets = {"correlated": make_correlated(rng), "imbalanced": make_imbalanced(rng)}
    cases = [
        ("correlated C=1", "correlated", 1.0, None, False),
        ("correlated C=0.1", "correlated", 0.1, None, False),
        ("correlated C=10", "correlated", 10.0, None, False),
        ("correlated C=1 sample weights", "correlated", 1.0, None, True),
        ("correlated C=0.1 balanced + sample weights", "correlated", 0.1, "balanced", True),
        ("imbalanced C=1", "imbalanced", 1.0, None, False),
        ("imbalanced C=10 balanced", "imbalanced", 10.0, "balanced", False),
        ("imbalanced C=0.1 class weight {0:1, 1:5} + sample weights", "imbalanced", 0.1, {0: 1.0, 1: 5.0}, True),
    ]
    out_cases = []
    for name, ds, C, cw, use_sw in cases:
        X, y, sw_all = datasets[ds]
        sw = sw_all if use_sw else None
        ref = fit("newton-cholesky", X, y, C, cw, sw)
        lb = fit("lbfgs", X, y, C, cw, sw)
        z = ref.decision_function(X)
        rows = list(range(PROBA_ROWS - 2)) + [int(np.argmin(z)), int(np.argmax(z))]
        proba = ref.predict_proba(X[rows])[:, 1]
        sw_sum = len(y) if sw is None else float(np.sum(sw))
        s = effective_weights(y, sw, cw)
        out_cases.append({
            "name": name,
            "dataset": ds,
            "C": C,
            "classWeight": None if cw is None else (cw if isinstance(cw, str) else {str(k): v for k, v in cw.items()}),
            "useSampleWeight": use_sw,
            "reference": {
                "solver": "newton-cholesky",
                "coef": ref.coef_[0].tolist(),
                "intercept": float(ref.intercept_[0]),
                "nIter": int(ref.n_iter_[0]),
                "objective": objective(ref.coef_[0], ref.intercept_[0], X, y, s, C, sw_sum),
            },
            "lbfgs": {
                "coef": lb.coef_[0].tolist(),
                "intercept": float(lb.intercept_[0]),
                "nIter": int(lb.n_iter_[0]),
                "objective": objective(lb.coef_[0], lb.intercept_[0], X, y, s, C, sw_sum),
                "maxAbsDiffFromReference": float(np.max(np.abs(np.r_[lb.coef_[0] - ref.coef_[0], lb.intercept_ - ref.intercept_]))),
            },
            "probaRows": rows,
            "proba": proba.tolist(),
        })
    fixture = {
        "generator": "scripts/reference/sklearn_logistic.py",
        "seed": SEED,
        "sklearnVersion": sklearn.__version__,
        "numpyVersion": np.__version__,
        "scipyVersion": scipy.__version__,
        "tol": TOL,
        "maxIter": MAX_ITER,
        "datasets": {
            k: {
                "rows": int(X.shape[0]),
                "cols": int(X.shape[1]),
                "X": X.ravel().tolist(),
                "y": y.tolist(),
                "sampleWeight": sw.tolist(),
                "positives": int(y.sum()),
            }
            for k, (X, y, sw) in datasets.items()
        },
        "cases": out_cases,
    }
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(fixture, f, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {OUT} ({os.path.getsize(OUT)} bytes), sklearn {sklearn.__version__}")
    for c in out_cases:
        print(f"  {c['name']}: newton-cholesky nIter={c['reference']['nIter']}, lbfgs nIter={c['lbfgs']['nIter']}, "
              f"|lbfgs - newton|max={c['lbfgs']['maxAbsDiffFromReference']:.2e}")


if __name__ == "__main__":
    main_fixture()
