#!/usr/bin/env -S /usr/bin/python3
"""Reference for GradientBoosting (tests/models/gbm/gradientBoosting.test.ts): scikit-learn's
HistGradientBoostingClassifier on a small deterministic dataset, with parameters matched to ours.

Usage:
    /usr/bin/python3 scripts/reference/sklearn_gbm.py > tests/fixtures/sklearn-gbm.json

Data (numpy RandomState(7), deterministic, values rounded to 3 decimals so both sides read the same
numbers): 3,000 training and 2,000 held-out rows x 8 columns: normals, a correlated pair, a 0/1 column, a
small-integer "tenure" column and a skewed "charges" column, ~4 % NaN (missing) in two columns (one of
them informative), labels from a non-linear logistic model with an interaction and a threshold effect.

Cases (each: HistGradientBoostingClassifier(max_iter, learning_rate, max_leaf_nodes, min_samples_leaf,
l2_regularization, max_bins=255, early_stopping=False, random_state=0), default min_hessian_to_split 1e-3
= our minChildWeight, no max_depth). Written per case: the parameters, the held-out probabilities of class
1 and their ROC-AUC (sklearn.metrics.roc_auc_score). The binning (255 quantile bins with midpoint
interpolation, NaN in a bin of its own) and the growth are the same algorithm, so the first trees agree to
float32 rounding (sklearn keeps gradients in float32); later trees can differ where two splits tie.

Run with Debian's python (python3-sklearn 1.2.1, python3-numpy).
"""
import json
import sys

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

N_TRAIN, N_TEST = 3000, 2000
CASES = [
    # Three trees: before float32-vs-float64 gradient rounding can flip a near-tied split, so the test can
    # require the same probabilities, not only the same AUC.
    {"name": "first-trees", "maxIter": 3, "learningRate": 0.3, "maxLeaves": 15, "minSamplesLeaf": 20, "lambda": 0.5, "classWeight": None},
    {"name": "default", "maxIter": 60, "learningRate": 0.1, "maxLeaves": 15, "minSamplesLeaf": 20, "lambda": 0.0, "classWeight": None},
    {"name": "l2-balanced", "maxIter": 80, "learningRate": 0.08, "maxLeaves": 31, "minSamplesLeaf": 10, "lambda": 1.0, "classWeight": "balanced"},
]


def make_data(rng, n):
    X = np.empty((n, 8))
    X[:, 0] = rng.normal(size=n)
    X[:, 1] = rng.normal(size=n)
    X[:, 2] = 0.7 * X[:, 0] + 0.7 * rng.normal(size=n)
    X[:, 3] = rng.normal(size=n)
    X[:, 4] = rng.rand(n) < 0.3
    X[:, 5] = rng.randint(0, 72, size=n)
    X[:, 6] = np.round(np.exp(3 + 0.7 * rng.normal(size=n)), 2)
    X[:, 7] = rng.normal(size=n)
    z = -1.2 + 0.9 * X[:, 0] - 0.6 * X[:, 1] + 0.5 * X[:, 1] * X[:, 3] + 0.8 * X[:, 4] - 0.03 * X[:, 5]
    z += 0.6 * (X[:, 6] > 30) + 0.4 * np.sin(2 * X[:, 7])
    missing3 = rng.rand(n) < 0.04
    z += 0.9 * missing3  # informative missingness
    y = (rng.rand(n) < 1 / (1 + np.exp(-z))).astype(np.int64)
    X[missing3, 3] = np.nan
    X[rng.rand(n) < 0.04, 7] = np.nan
    return np.round(X, 3), y


def num(v):
    return None if np.isnan(v) else float(v)


def main():
    rng = np.random.RandomState(7)
    Xtr, ytr = make_data(rng, N_TRAIN)
    Xte, yte = make_data(rng, N_TEST)
    cases = []
    for case in CASES:
        model = HistGradientBoostingClassifier(
            max_iter=case["maxIter"],
            learning_rate=case["learningRate"],
            max_leaf_nodes=case["maxLeaves"],
            min_samples_leaf=case["minSamplesLeaf"],
            l2_regularization=case["lambda"],
            class_weight=case["classWeight"],
            max_bins=255,
            early_stopping=False,
            random_state=0,
        ).fit(Xtr, ytr)
        proba = model.predict_proba(Xte)[:, 1]
        cases.append({**case, "nIter": int(model.n_iter_), "proba": [round(float(v), 8) for v in proba], "auc": float(roc_auc_score(yte, proba))})
    out = {
        "sklearnVersion": sklearn.__version__,
        "cols": 8,
        "train": {"X": [[num(v) for v in row] for row in Xtr], "y": ytr.tolist()},
        "test": {"X": [[num(v) for v in row] for row in Xte], "y": yte.tolist()},
        "cases": cases,
    }
    json.dump(out, sys.stdout, separators=(",", ":"), allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
