import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadTelco } from "../../src/data/telco.js";
import { telcoToHistory } from "../../src/data/telcoHistory.js";
import { NOT_CHURNED } from "../../src/data/history.js";
import { readTelcoFile } from "../../src/io/readTelco.js";
import { buildPanel } from "../../src/panel/panel.js";
import { summarizePanel } from "../../src/panel/summary.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

const fixture = fileURLToPath(new URL("../fixtures/telco/valid.csv", import.meta.url));

describe("telcoToHistory on a literal snapshot", () => {
  // valid.csv: tenures 12 (stays), 3 (churns), 0 (stays), 40 (stays), 4 (churns), 1 (churns); extraction month E = 40.
  const { table } = loadTelco(readFileSync(fixture, "utf8"), { file: "valid.csv" });
  const h = telcoToHistory(table);

  it("places staying customers' rows up to extraction and churners' rows up to the month before", () => {
    expect(h.periods).toBe(41);
    const rows = (i: number) => {
      const out: [number, number][] = [];
      for (let r = h.customers.rowStart[i]!; r < h.customers.rowStart[i + 1]!; r++) out.push([h.months.period[r]!, h.months.tenure[r]!]);
      return out;
    };
    expect(rows(0)).toHaveLength(12);
    expect(rows(0)[0]).toEqual([29, 1]);
    expect(rows(0)[11]).toEqual([40, 12]);
    expect(rows(1)).toEqual([[37, 1], [38, 2], [39, 3]]);
    expect(rows(2)).toEqual([[40, 0]]);
    expect(Array.from(h.customers.churnPeriod)).toEqual([NOT_CHURNED, 40, NOT_CHURNED, NOT_CHURNED, 40, 40]);
  });

  it("gives one positive per churner, all in month E − h, and scores every staying customer", () => {
    const p = buildPanel(h, { horizon: 1 });
    expect(p.counts).toMatchObject({ customers: 6, rows: 12 + 3 + 1 + 40 + 4 + 1, positives: 3, scoring: 3, censored: 3 });
    expect(summarizePanel(p).positiveMonths).toEqual({ count: 1, first: 39, last: 39 });
    const p3 = buildPanel(h, { horizon: 3 });
    // A churner with tenure 1 has no row at E − 3, so only two positives remain at h = 3.
    expect(p3.counts.positives).toBe(2);
    expect(summarizePanel(p3).positiveMonths).toEqual({ count: 1, first: 37, last: 37 });
  });

  it("keeps TotalCharges out of every feature column", () => {
    const names = [...Object.keys(h.customers.numeric), ...Object.keys(h.customers.categorical), ...Object.keys(h.months.numeric), ...Object.keys(h.months.categorical)];
    expect(names).not.toContain("TotalCharges");
    expect(names).not.toContain("Churn");
    expect(names).not.toContain("tenure");
  });
});

const REAL = telcoCsvAvailable() ? "the real Telco file" : `the real Telco file (skipped: ${telcoCsvPath()} not found; set TELCO_CSV)`;

// Expected counts are cross-checked by scripts/reference/telco_panel_counts.py (plain Python, no project code).
describe.skipIf(!telcoCsvAvailable())(REAL, () => {
  const { history } = { history: telcoToHistory(readTelcoFile(telcoCsvPath()).table) };

  it("reconstructs the documented panel counts at h = 1", () => {
    const s = summarizePanel(buildPanel(history, { horizon: 1 }));
    expect(s).toMatchObject({
      periods: 73,
      customers: 7043,
      rows: 228001,
      labelled: 222827,
      positives: 1869,
      censored: 5174,
      scoring: 5174,
      positiveMonths: { count: 1, first: 71, last: 71 },
    });
  });

  it("reconstructs the documented panel counts at h = 3", () => {
    const s = summarizePanel(buildPanel(history, { horizon: 3 }));
    // Churners with tenure 1 or 2 have no row at E − 3: 1,869 − 380 − 123 = 1,366 positives remain.
    expect(s).toMatchObject({ rows: 228001, labelled: 209724, positives: 1366, censored: 18277, scoring: 5174, positiveMonths: { count: 1, first: 69, last: 69 } });
  });

  it("gives every row its own tenure, never the final one, rising by one a month", () => {
    const { customers, months } = history;
    for (let c = 0; c < customers.count; c++) {
      const a = customers.rowStart[c]!;
      const b = customers.rowStart[c + 1]!;
      for (let r = a + 1; r < b; r++) {
        if (months.tenure[r] !== months.tenure[r - 1]! + 1 || months.period[r] !== months.period[r - 1]! + 1) throw new Error(`customer ${customers.ids[c]} row ${r}`);
      }
    }
    // Rows at tenure 1 are the most common: one per customer with tenure ≥ 1.
    let atOne = 0;
    for (let r = 0; r < months.count; r++) if (months.tenure[r] === 1) atOne++;
    expect(atOne).toBe(7043 - 11);
  });
});
