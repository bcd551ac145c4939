#!/usr/bin/env -S /usr/bin/python3
"""scikit-learn reference of our gradient boosting on the pipeline's own folds (issue 11 parity).

Usage (called by scripts/bench.ts `--only gbm` and scripts/reference/gbm_fold_parity.ts, which export the
inputs to a temporary folder with `exportEvaluationInputs` and delete it after):
    sklearn_gbm_folds.py SPEC.json

SPEC.json: the layout of sklearn_pipeline.py's spec (rows, numeric, categorical, y, folds.calendar = the
evaluation split's folds: calendar windows on the synthetic telco, by-customer folds on the Telco file),
plus
    gbm  {maxIter, learningRate, maxLeaves, minSamplesLeaf, lambda, maxBins}

Per fold, the tree design as ours builds it (src/features/design.ts `treeDesign`): numeric features as they
are (NaN = missing, no imputation, no scaling), categorical features one-hot over the levels seen in the
fold's training rows (an unseen level encodes as all zeros). Then
HistGradientBoostingClassifier(max_iter, learning_rate, max_leaf_nodes, min_samples_leaf,
l2_regularization, max_bins, early_stopping=False, random_state=0), whose defaults match our other options:
no depth limit (ours is given a depth limit it never reaches), min_hessian_to_split 1e-3 (our
minChildWeight), all rows and columns (no subsampling), quantile bins with NaN in a bin of its own.
Timed: each fold's fit (binning included), one after the other. Prints one JSON object: per fold the
ROC-AUC of its test rows and the fit seconds, and the out-of-fold ROC-AUC over every test row.

Threads: scikit-learn's histogram and split loops run on OpenMP; the caller pins OMP_NUM_THREADS (and the
BLAS variables) to the number of our workers and reports it. threadpoolctl confirms what was used.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score

try:
    from threadpoolctl import threadpool_info
except ImportError:  # pragma: no cover - threadpoolctl ships with Debian's scikit-learn
    threadpool_info = None


def read(spec):
    n = spec["rows"]
    numeric = np.fromfile(spec["numeric"]["path"], dtype="<f8").reshape(len(spec["numeric"]["names"]), n).T
    codes = np.fromfile(spec["categorical"]["path"], dtype="u1").reshape(len(spec["categorical"]["names"]), n).T
    y = np.fromfile(spec["y"], dtype="u1")
    lists = np.fromfile(spec["folds"]["path"], dtype="<u4")
    folds = [(f["index"], lists[f["train"][0]:f["train"][0] + f["train"][1]], lists[f["test"][0]:f["test"][0] + f["test"][1]]) for f in spec["folds"]["calendar"]]
    return numeric, codes, y, folds


def design(numeric, codes, train, rows):
    """Numeric as is, then one column per (categorical feature, level seen in `train`), in code order."""
    blocks = [numeric[rows]]
    for j in range(codes.shape[1]):
        seen = np.unique(codes[train, j])
        blocks.append((codes[rows, j][:, None] == seen[None, :]).astype(np.float64))
    return np.hstack(blocks)


def main():
    spec = json.load(open(sys.argv[1]))
    numeric, codes, y, folds = read(spec)
    g = spec["gbm"]
    out = {"sklearnVersion": sklearn.__version__, "folds": []}
    oof_y, oof_p = [], []
    total = 0.0
    for index, train, test in folds:
        t0 = time.perf_counter()
        model = HistGradientBoostingClassifier(
            max_iter=g["maxIter"], learning_rate=g["learningRate"], max_leaf_nodes=g["maxLeaves"],
            min_samples_leaf=g["minSamplesLeaf"], l2_regularization=g["lambda"], max_bins=g["maxBins"],
            early_stopping=False, random_state=0,
        )
        model.fit(design(numeric, codes, train, train), y[train])
        seconds = time.perf_counter() - t0
        total += seconds
        p = model.predict_proba(design(numeric, codes, train, test))[:, 1]
        out["folds"].append({"index": int(index), "rocAuc": float(roc_auc_score(y[test], p)), "fitSeconds": seconds, "rows": int(len(train))})
        oof_y.append(y[test])
        oof_p.append(p)
    out["oofRocAuc"] = float(roc_auc_score(np.concatenate(oof_y), np.concatenate(oof_p)))
    out["fitSeconds"] = total
    out["threads"] = [{"api": t.get("user_api"), "threads": t.get("num_threads")} for t in threadpool_info()] if threadpool_info else None
    print(json.dumps(out))


if __name__ == "__main__":
    main()
