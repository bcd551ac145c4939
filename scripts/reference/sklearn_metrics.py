#!/usr/bin/env -S /usr/bin/python3
"""Reference values for src/evaluation and src/calibration, computed with scikit-learn.

Writes two small JSON fixtures (deterministic, numpy seed below):
  tests/fixtures/sklearn-metrics.json      roc_auc_score, average_precision_score, brier_score_loss,
                                           log_loss, roc_curve, precision_recall_curve, calibration_curve
  tests/fixtures/sklearn-calibration.json  IsotonicRegression(out_of_bounds="clip") fit/predict,
                                           sklearn.calibration._sigmoid_calibration (A, B),
                                           a tightly converged optimum of the same Platt objective,
                                           and a 3-parameter beta calibration fit (Kull et al. 2017)

Run from the repository root:  scripts/reference/sklearn_metrics.py
Requires Debian's /usr/bin/python3 with python3-sklearn (numpy, scipy).
"""
import json
import os
import sys
import warnings

import numpy as np
import scipy
import sklearn
from scipy.optimize import minimize
from scipy.special import expit, xlogy
from sklearn.calibration import _sigmoid_calibration, calibration_curve
from sklearn.isotonic import IsotonicRegression
from sklearn.metrics import (
    average_precision_score,
    brier_score_loss,
    log_loss,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)

SEED = 20240611
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def make_case(rng, n, prevalence, weighted, zero_weights=False):
    """Scores with many ties (rounded to 2 decimals, including exact 0 and 1) and informative labels."""
    y = (rng.random(n) < prevalence).astype(np.int64)
    # Signal: positives get a higher latent score; squashed to (0, 1) then rounded -> ties, 0.00 and 1.00.
    latent = rng.normal(0.0, 1.0, n) + 1.3 * y + 0.5 * np.log(prevalence / (1 - prevalence))
    p = np.round(expit(1.8 * latent), 2)
    if weighted:
        w = np.round(rng.uniform(0.25, 3.0, n), 3)
        if zero_weights:
            w[rng.random(n) < 0.05] = 0.0
    else:
        w = None
    return y, p, w


def fl(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64)]


def metrics_for(y, p, w):
    out = {
        "roc_auc": float(roc_auc_score(y, p, sample_weight=w)),
        "average_precision": float(average_precision_score(y, p, sample_weight=w)),
        "brier": float(brier_score_loss(y, p, sample_weight=w)),
        "log_loss": float(log_loss(y, p, sample_weight=w)),
    }
    return out


def metrics_fixture(rng):
    cases = []
    specs = [
        # name, n, prevalence, weighted, zero_weights, curves
        ("balanced_ties", 600, 0.3, False, False, True),
        ("balanced_ties_weighted", 600, 0.3, True, True, True),
        ("imbalanced_2pct", 4000, 0.02, False, False, False),
        ("imbalanced_2pct_weighted", 4000, 0.02, True, False, False),
        ("small", 40, 0.4, True, False, True),
    ]
    for name, n, prev, weighted, zero_w, curves in specs:
        y, p, w = make_case(rng, n, prev, weighted, zero_w)
        case = {
            "name": name,
            "y": [int(v) for v in y],
            "p": fl(p),
            "w": None if w is None else fl(w),
            "positives": int(y.sum()),
        }
        case.update(metrics_for(y, p, w))
        if curves:
            fpr, tpr, thr = roc_curve(y, p, sample_weight=w, drop_intermediate=False)
            case["roc_curve"] = {"fpr": fl(fpr), "tpr": fl(tpr), "thresholds": fl(thr)}
            prec, rec, thr = precision_recall_curve(y, p, sample_weight=w)
            case["pr_curve"] = {"precision": fl(prec), "recall": fl(rec), "thresholds": fl(thr)}
        # calibration_curve has no sample_weight in this sklearn version: unweighted only.
        cc = {}
        for strategy in ("uniform", "quantile"):
            prob_true, prob_pred = calibration_curve(y, p, n_bins=10, strategy=strategy)
            cc[strategy] = {"prob_true": fl(prob_true), "prob_pred": fl(prob_pred)}
        case["calibration_curve_10"] = cc
        cases.append(case)
    return cases


def platt_objective(F, y, w):
    """Platt's objective exactly as sklearn.calibration._sigmoid_calibration defines it."""
    neg = y <= 0
    if w is not None:
        prior0, prior1 = w[neg].sum(), w[~neg].sum()
    else:
        prior0 = float(np.sum(neg))
        prior1 = y.shape[0] - prior0
    T = np.where(y > 0, (prior1 + 1.0) / (prior1 + 2.0), 1.0 / (prior0 + 2.0))
    T1 = 1.0 - T
    ww = np.ones_like(F) if w is None else w

    def f(AB):
        P = expit(-(AB[0] * F + AB[1]))
        return float((ww * -(xlogy(T, P) + xlogy(T1, 1.0 - P))).sum())

    def g(AB):
        P = expit(-(AB[0] * F + AB[1]))
        d = (T - P) * ww
        return np.array([np.dot(d, F), d.sum()])

    return f, g, np.array([0.0, np.log((prior0 + 1.0) / (prior1 + 1.0))])


def platt_tight(F, y, w):
    f, g, x0 = platt_objective(F, y, w)
    # Newton polish from BFGS start: the objective is smooth and strictly convex in (A, B).
    res = minimize(f, x0, jac=g, method="BFGS", options={"gtol": 1e-12, "maxiter": 10000})
    x = res.x
    for _ in range(50):
        P = expit(-(x[0] * F + x[1]))
        ww = np.ones_like(F) if w is None else w
        h = ww * P * (1 - P)
        H = np.array([[np.dot(h, F * F), np.dot(h, F)], [np.dot(h, F), h.sum()]])
        step = np.linalg.solve(H, -g(x))
        x = x + step
        if np.max(np.abs(step)) < 1e-15 * (1 + np.max(np.abs(x))):
            break
    return float(x[0]), float(x[1]), float(np.max(np.abs(g(x))))


def beta_fit(p, y, w, eps):
    """3-parameter beta calibration (Kull, Silva Filho & Flach 2017), as in the `betacal` package:
    logistic regression of y on [ln p, -ln(1-p)]; if a coefficient is negative, refit without that feature."""
    pc = np.clip(p, eps, 1 - eps)
    X = np.column_stack([np.log(pc), -np.log1p(-pc)])

    def lr(Xs):
        # Unregularised weighted logistic regression, converged tightly: BFGS, then Newton polish.
        Z = np.column_stack([Xs, np.ones(len(y))])
        ww = np.ones(len(y)) if w is None else w

        def f(beta):
            z = Z @ beta
            return float((ww * (np.logaddexp(0, z) - y * z)).sum())

        def g(beta):
            return Z.T @ (ww * (expit(Z @ beta) - y))

        beta = minimize(f, np.zeros(Z.shape[1]), jac=g, method="BFGS", options={"gtol": 1e-10, "maxiter": 10000}).x
        for _ in range(50):
            q = expit(Z @ beta)
            H = Z.T @ (Z * (ww * q * (1 - q))[:, None])
            step = np.linalg.solve(H, -g(beta))
            beta = beta + step
            if np.max(np.abs(step)) < 1e-15 * (1 + np.max(np.abs(beta))):
                break
        return beta[:-1], float(beta[-1])

    coef, c = lr(X)
    if coef[0] < 0:
        coef1, c = lr(X[:, [1]])
        return 0.0, float(coef1[0]), c
    if coef[1] < 0:
        coef0, c = lr(X[:, [0]])
        return float(coef0[0]), 0.0, c
    return float(coef[0]), float(coef[1]), c


def calibration_fixture(rng):
    cases = []
    specs = [("balanced", 1500, 0.3, False), ("balanced_weighted", 1500, 0.3, True), ("imbalanced_2pct", 4000, 0.02, False)]
    eps = 1e-15
    for name, n, prev, weighted in specs:
        y, p, w = make_case(rng, n, prev, weighted)
        # Miscalibrate on purpose so calibration has work to do: p' = p^0.6 (still in [0, 1], ties kept).
        p = np.round(p**0.6, 3)
        # Held-out points: inside the range, outside it (clip), and exactly on training values.
        p_test = np.concatenate([np.round(rng.uniform(0, 1, 150), 4), [0.0, 1.0, p.min(), p.max()], p[:40]])
        iso = IsotonicRegression(out_of_bounds="clip").fit(p, y, sample_weight=w)
        A_raw, B_raw = _sigmoid_calibration(p, y, sample_weight=w)
        pl = np.clip(p, eps, 1 - eps)
        logit = np.log(pl) - np.log1p(-pl)
        A_logit, B_logit = _sigmoid_calibration(logit, y, sample_weight=w)
        tA_raw, tB_raw, tg_raw = platt_tight(p, y, w)
        tA_logit, tB_logit, tg_logit = platt_tight(logit, y, w)
        ba, bb, bc = beta_fit(p, y, w, eps)
        cases.append(
            {
                "name": name,
                "y": [int(v) for v in y],
                "p": fl(p),
                "w": None if w is None else fl(w),
                "p_test": fl(p_test),
                "isotonic": {
                    "x_thresholds": fl(iso.X_thresholds_),
                    "y_thresholds": fl(iso.y_thresholds_),
                    "predict_test": fl(iso.predict(p_test)),
                },
                "sigmoid_raw": {"A": float(A_raw), "B": float(B_raw), "tight_A": tA_raw, "tight_B": tB_raw, "tight_max_grad": tg_raw},
                "sigmoid_logit": {
                    "clip_eps": eps,
                    "A": float(A_logit),
                    "B": float(B_logit),
                    "tight_A": tA_logit,
                    "tight_B": tB_logit,
                    "tight_max_grad": tg_logit,
                },
                "beta": {"clip_eps": eps, "a": ba, "b": bb, "c": bc},
            }
        )
    return cases


def write(name, payload):
    path = os.path.join(FIXTURES, name)
    with open(path, "w") as fh:
        json.dump(payload, fh, separators=(",", ":"))
        fh.write("\n")
    size = os.path.getsize(path)
    print(f"wrote {path} ({size} bytes)")
    if size > 300_000:
        sys.exit(f"fixture {name} is {size} bytes, over the 300 KB budget")


def main():
    warnings.simplefilter("error", category=FutureWarning)
    rng = np.random.default_rng(SEED)
    meta = {
        "generator": "scripts/reference/sklearn_metrics.py",
        "seed": SEED,
        "sklearn": sklearn.__version__,
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }
    os.makedirs(FIXTURES, exist_ok=True)
    write("sklearn-metrics.json", {"meta": meta, "cases": metrics_fixture(rng)})
    write("sklearn-calibration.json", {"meta": meta, "cases": calibration_fixture(rng)})


if __name__ == "__main__":
    main()
