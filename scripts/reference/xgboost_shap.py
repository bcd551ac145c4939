#!/usr/bin/env -S /usr/bin/python3
"""Reference for fromXGBoostJSON + treeShap (tests/models/gbm/xgboost.test.ts): an XGBoost model, its
margins and its exact TreeSHAP contributions (pred_contribs=True) on 1,000 rows.

Usage:
    /usr/bin/python3 scripts/reference/xgboost_shap.py > tests/fixtures/xgboost-shap.json

Data (numpy RandomState(20240611), deterministic): 3,000 training and 1,000 evaluation rows x 8 features,
every value exactly representable in float32 (XGBoost rounds inputs to float32 before comparing, so the
TypeScript side, which compares doubles, sees the same numbers), ~5 % NaN (missing) in features 0, 3 and 6,
labels from a noisy logistic model. In the first 100 evaluation rows one feature is set exactly equal to a
split threshold of the trained model, so the fixture pins XGBoost's rule `x < threshold` goes left.

Model: xgboost.train({objective: binary:logistic, base_score: 0.3, eta: 0.15, max_depth: 4, lambda: 1,
min_child_weight: 1, tree_method: exact, seed: 0}, 20 rounds). Written: the model's JSON (`save_raw("json")`,
learner.learner_model_param.base_score is a probability; the margin offset is its logit), the evaluation
rows (NaN as null), predict(output_margin=True) and predict(pred_contribs=True) (last column = bias).
Floats are written with float32's shortest round-trip digits (XGBoost computes in float32).

Run with Debian's python (python3-xgboost 1.7.4, python3-numpy).
"""
import json
import sys

import numpy as np
import xgboost as xgb

SEED = 20240611
N_TRAIN, N_EVAL, P = 3000, 1000, 8
PARAMS = {
    "objective": "binary:logistic",
    "base_score": 0.3,
    "eta": 0.15,
    "max_depth": 4,
    "lambda": 1.0,
    "min_child_weight": 1.0,
    "tree_method": "exact",
    "seed": 0,
    "nthread": 1,
}
ROUNDS = 20


def make_rows(rng, n):
    X = rng.normal(size=(n, P))
    X[:, 4] = rng.randint(0, 5, size=n)  # a small-integer column (many ties)
    X[:, 5] = rng.randint(0, 2, size=n)  # a binary column
    X = X.astype(np.float32)
    for j in (0, 3, 6):
        X[rng.rand(n) < 0.05, j] = np.nan
    return X


def labels(rng, X):
    x = np.nan_to_num(X.astype(np.float64), nan=0.0)
    z = -0.4 + 0.9 * x[:, 0] - 0.7 * x[:, 1] + 0.5 * x[:, 2] * x[:, 3] + 0.3 * x[:, 4] - 0.6 * x[:, 5] + 0.4 * np.sin(2 * x[:, 6])
    z += 0.8 * np.isnan(X[:, 0])
    return (rng.rand(len(X)) < 1 / (1 + np.exp(-z))).astype(np.int64)


def f32(v):
    """Shortest decimal that round-trips to the same float32 (as a JSON number; NaN -> None)."""
    v = np.float32(v)
    return None if np.isnan(v) else float(np.format_float_positional(v, unique=True, trim="-"))


def main():
    rng = np.random.RandomState(SEED)
    Xtr = make_rows(rng, N_TRAIN)
    ytr = labels(rng, Xtr)
    Xev = make_rows(rng, N_EVAL)
    booster = xgb.train(PARAMS, xgb.DMatrix(Xtr, label=ytr, missing=np.nan), num_boost_round=ROUNDS)
    model = json.loads(booster.save_raw("json").decode())

    # Put split thresholds into the first 100 evaluation rows (ties exercise `x < threshold`).
    splits = []
    for tree in model["learner"]["gradient_booster"]["model"]["trees"]:
        for node, left in enumerate(tree["left_children"]):
            if left != -1:
                splits.append((tree["split_indices"][node], np.float32(tree["split_conditions"][node])))
    for i in range(100):
        feature, threshold = splits[rng.randint(len(splits))]
        Xev[i, feature] = threshold

    dev = xgb.DMatrix(Xev, missing=np.nan)
    margin = booster.predict(dev, output_margin=True)
    contribs = booster.predict(dev, pred_contribs=True)
    out = {
        "xgboostVersion": xgb.__version__,
        "params": PARAMS,
        "rounds": ROUNDS,
        "nFeatures": P,
        "model": model,
        "rows": [[f32(v) for v in row] for row in Xev],
        "margin": [f32(v) for v in margin],
        "contribs": [[f32(v) for v in row] for row in contribs],
    }
    json.dump(out, sys.stdout, separators=(",", ":"), allow_nan=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
