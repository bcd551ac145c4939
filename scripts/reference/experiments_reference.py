#!/usr/bin/env -S /usr/bin/python3
"""Reference values for src/experiments (issue 13), computed with scipy, statsmodels and scikit-learn.

Writes tests/fixtures/experiments-reference.json (deterministic, numpy seed below):
  normal        scipy.stats.norm.cdf on a grid of x (deep lower tail included) and norm.ppf on a grid of p
  proportions   two arms (control = sample 1, treated = sample 2) with
                statsmodels.stats.proportion.proportions_ztest (pooled SE, two-sided) and
                confint_proportions_2indep(method="wald", compare="diff") at several alpha
  cohens_h      statsmodels.stats.proportion.proportion_effectsize(p1, p2)
  power         statsmodels.stats.power.NormalIndPower().power(effect_size, nobs1, alpha, ratio)
  sample_size   NormalIndPower().solve_power(effect_size=h, nobs1=None, alpha, power, ratio)
  ridge         sklearn.linear_model.Ridge(alpha, fit_intercept=True): coef, intercept, predictions

Run from the repository root:  scripts/reference/experiments_reference.py
Requires Debian's /usr/bin/python3 with python3-statsmodels and python3-sklearn (numpy, scipy).
"""
import json
import os
from pathlib import Path
import warnings

import numpy as np
import scipy
import sklearn
import statsmodels
from scipy.stats import norm
from sklearn.linear_model import Ridge
from statsmodels.stats.power import NormalIndPower
from statsmodels.stats.proportion import confint_proportions_2indep, proportion_effectsize, proportions_ztest

SEED = 20250113
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "fixtures", "experiments-reference.json")


def normal_cases():
    x = np.concatenate([
        [-37.5, -30.0, -20.0, -12.5, -8.0, -6.0, -5.0, -4.0],
        np.linspace(-3.9, 3.9, 79),
        [-0.46875, 0.46875, -1e-9, 1e-9, 0.0, 4.5, 6.0, 8.0, 9.0],
    ])
    p = np.array([
        1e-300, 1e-100, 1e-30, 1e-16, 1e-10, 1e-6, 1e-4, 0.001, 0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.2, 0.3,
        0.4, 0.45, 0.5 - 1e-12, 0.5, 0.5 + 1e-12, 0.55, 0.6, 0.7, 0.8, 0.9, 0.925, 0.95, 0.975, 0.99, 0.999,
        1 - 1e-6, 1 - 1e-10,
    ])
    return {
        "x": [float(v) for v in x],
        "cdf": [float(v) for v in norm.cdf(x)],
        "p": [float(v) for v in p],
        "ppf": [float(v) for v in norm.ppf(p)],
    }


def proportion_cases(rng):
    designs = [
        # (control n, control churned, treated n, treated churned, alpha)
        (1000, 265, 1000, 231, 0.05),
        (500, 140, 1500, 360, 0.05),
        (2000, 530, 2000, 470, 0.10),
        (120, 30, 80, 9, 0.01),
        (5000, 250, 5000, 251, 0.05),
        (300, 0, 300, 3, 0.05),
    ]
    for _ in range(6):
        n1, n2 = (int(v) for v in rng.integers(50, 4000, 2))
        p1, p2 = rng.uniform(0.05, 0.5, 2)
        designs.append((n1, int(rng.binomial(n1, p1)), n2, int(rng.binomial(n2, p2)), float(rng.choice([0.01, 0.05, 0.1, 0.2]))))
    cases = []
    for n1, c1, n2, c2, alpha in designs:
        z, pvalue = proportions_ztest(np.array([c1, c2]), np.array([n1, n2]))
        low, upp = confint_proportions_2indep(c1, n1, c2, n2, method="wald", compare="diff", alpha=alpha)
        cases.append({
            "control_n": n1, "control_churned": c1, "treated_n": n2, "treated_churned": c2, "alpha": alpha,
            "z": float(z), "p_value": float(pvalue), "ci_lower": float(low), "ci_upper": float(upp),
        })
    return cases


def cohens_h_cases():
    pairs = [(0.265, 0.235), (0.3, 0.25), (0.1, 0.08), (0.5, 0.45), (0.05, 0.04), (0.2, 0.3), (0.9, 0.85), (0.01, 0.0)]
    return [{"p1": p1, "p2": p2, "h": float(proportion_effectsize(p1, p2))} for p1, p2 in pairs]


def power_cases():
    analysis = NormalIndPower()
    power, size = [], []
    for h, nobs1, alpha, ratio in [
        (0.0690, 3000, 0.05, 1.0), (0.2, 200, 0.05, 1.0), (0.1, 800, 0.01, 2.0), (0.05, 5000, 0.1, 0.5),
        (0.3, 50, 0.05, 3.0), (-0.15, 400, 0.05, 1.0), (0.02, 1000, 0.05, 1.0), (0.5, 10, 0.2, 1.0),
    ]:
        power.append({"h": h, "nobs1": nobs1, "alpha": alpha, "ratio": ratio,
                      "power": float(analysis.power(effect_size=h, nobs1=nobs1, alpha=alpha, ratio=ratio))})
    for h, alpha, target, ratio in [
        (float(proportion_effectsize(0.265, 0.235)), 0.05, 0.8, 1.0), (0.2, 0.05, 0.8, 1.0), (0.1, 0.01, 0.9, 2.0),
        (0.05, 0.1, 0.8, 0.5), (0.3, 0.05, 0.95, 3.0), (0.5, 0.2, 0.5, 1.0), (0.8, 0.05, 0.3, 1.0), (0.04, 0.05, 0.8, 1 / 9),
    ]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a convergence warning would make the reference untrustworthy
            nobs1 = float(analysis.solve_power(effect_size=h, nobs1=None, alpha=alpha, power=target, ratio=ratio))
        size.append({"h": h, "alpha": alpha, "power": target, "ratio": ratio, "nobs1": nobs1,
                     "achieved": float(analysis.power(effect_size=h, nobs1=nobs1, alpha=alpha, ratio=ratio))})
    return power, size


def ridge_cases(rng):
    cases = []
    for n, p, alpha in [(60, 3, 1.0), (200, 5, 0.1), (40, 4, 25.0)]:
        X = rng.normal(0.0, 1.0, (n, p)) * rng.uniform(0.5, 3.0, p) + rng.normal(0.0, 2.0, p)
        y = X @ rng.normal(0.0, 1.0, p) + 0.7 + rng.normal(0.0, 0.5, n)
        model = Ridge(alpha=alpha, fit_intercept=True, solver="cholesky").fit(X, y)
        cases.append({
            "alpha": alpha, "rows": n, "cols": p, "X": [float(v) for v in X.ravel()], "y": [float(v) for v in y],
            "coef": [float(v) for v in model.coef_], "intercept": float(model.intercept_),
            "predict": [float(v) for v in model.predict(X)],
        })
    return cases


def main():
    rng = np.random.default_rng(SEED)
    power, size = power_cases()
    payload = {
        "meta": {
            "generator": "scripts/reference/experiments_reference.py", "seed": SEED, "scipy": scipy.__version__,
            "statsmodels": statsmodels.__version__, "sklearn": sklearn.__version__, "numpy": np.__version__,
        },
        "normal": normal_cases(),
        "proportions": proportion_cases(rng),
        "cohens_h": cohens_h_cases(),
        "power": power,
        "sample_size": size,
        "ridge": ridge_cases(rng),
    }
    Path(OUT).write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {os.path.relpath(OUT, ROOT)}")


if __name__ == "__main__":
    main()
