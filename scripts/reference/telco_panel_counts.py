#!/usr/bin/env python3
"""Independent count of the reconstructed Telco panel (plain Python, no project code).

Convention (see src/data/telcoHistory.ts): extraction month E = max(tenure); a churner with tenure k
has rows in months E-k .. E-1 and churns in E; a staying customer has max(k, 1) rows ending at E.
A row at month t is labelled when t + h <= E and positive when E lies in t+1 .. t+h.
Usage: scripts/reference/telco_panel_counts.py [path-to-telco.csv]
"""
import csv
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/telco/WA_Fn-UseC_-Telco-Customer-Churn.csv"
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8-sig")))
E = max(int(r["tenure"]) for r in rows)
for h in (1, 3):
    total = labelled = positives = censored = 0
    for r in rows:
        k, churned = int(r["tenure"]), r["Churn"] == "Yes"
        months = range(E - k, E) if churned else range(E - max(k, 1) + 1, E + 1)
        for t in months:
            total += 1
            if t + h > E:
                censored += 1
                continue
            labelled += 1
            positives += churned and t < E <= t + h
    print(f"h={h}: customers={len(rows)} rows={total} labelled={labelled} positives={positives} censored={censored}")
