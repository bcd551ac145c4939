#!/usr/bin/env -S /usr/bin/python3
"""scikit-learn side of scripts/gbmBench.ts: times HistGradientBoostingClassifier on the same data.

Usage (called by scripts/gbmBench.ts, which writes the inputs to a temporary folder and deletes it after):
    sklearn_gbm_bench.py SPEC.json

SPEC.json holds:
    x, y            paths of a row-major little-endian float64 matrix (rows x cols, NaN = missing) and
                    uint8 labels, read with numpy.fromfile
    rows, cols      the matrix shape; the first nTrain rows train, the rest are held out for ROC-AUC
    repeats         timed fits
    maxIter, learningRate, maxLeafNodes, minSamplesLeaf, l2Regularization, maxBins, seed
                    HistGradientBoostingClassifier(max_iter, learning_rate, max_leaf_nodes,
                    min_samples_leaf, l2_regularization, max_bins, early_stopping=False, random_state=seed)

OpenMP / BLAS threads are pinned to 1 (unless the caller set OMP_NUM_THREADS etc.) because the TypeScript
side is single-threaded. Prints one JSON object on stdout: version, threads, fitSeconds and fitCpuSeconds
(wall-clock and process CPU time per repeat), auc.

Run with Debian's python (python3-sklearn).
"""
import json
import os
import sys
import time

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402


def main():
    with open(sys.argv[1]) as fh:
        spec = json.load(fh)
    rows, cols, n_train = int(spec["rows"]), int(spec["cols"]), int(spec["nTrain"])
    X = np.fromfile(spec["x"], dtype="<f8").reshape(rows, cols)
    y = np.fromfile(spec["y"], dtype=np.uint8).astype(np.int64)
    Xtr, ytr, Xte, yte = X[:n_train], y[:n_train], X[n_train:], y[n_train:]
    times, cpu, model = [], [], None
    for _ in range(int(spec["repeats"])):
        model = HistGradientBoostingClassifier(
            max_iter=int(spec["maxIter"]),
            learning_rate=float(spec["learningRate"]),
            max_leaf_nodes=int(spec["maxLeafNodes"]),
            min_samples_leaf=int(spec["minSamplesLeaf"]),
            l2_regularization=float(spec["l2Regularization"]),
            max_bins=int(spec["maxBins"]),
            early_stopping=False,
            random_state=int(spec["seed"]),
        )
        t0, c0 = time.perf_counter(), time.process_time()
        model.fit(Xtr, ytr)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    auc = float(roc_auc_score(yte, model.predict_proba(Xte)[:, 1]))
    print(json.dumps({"version": sklearn.__version__, "threads": int(os.environ["OMP_NUM_THREADS"]), "fitSeconds": times, "fitCpuSeconds": cpu, "auc": auc}))


if __name__ == "__main__":
    main()
