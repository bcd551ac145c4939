import { describe, expect, it } from "vitest";
import { buildPanel, RowStatus } from "../../src/panel/panel.js";
import { summarizePanel } from "../../src/panel/summary.js";
import { literalHistory } from "../helpers/history.js";

// Months 0..5. A: there throughout. B: joins at 2, leaves during 4. C: leaves during 1. D: joins at 5.
const history = literalHistory(6, [
  { id: "A", start: -3 },
  { id: "B", start: 2, churn: 4 },
  { id: "C", start: 0, churn: 1 },
  { id: "D", start: 5 },
]);

function rowsOf(panel: ReturnType<typeof buildPanel>, id: string): { period: number; label: number; status: number }[] {
  const c = panel.history.customers.ids.indexOf(id);
  const out = [];
  for (let r = panel.history.customers.rowStart[c]!; r < panel.history.customers.rowStart[c + 1]!; r++) {
    out.push({ period: panel.history.months.period[r]!, label: panel.label[r]!, status: panel.status[r]! });
  }
  return out;
}

describe("buildPanel", () => {
  it("labels churn within the next month and censors the last month (h = 1)", () => {
    const p = buildPanel(history, { horizon: 1 });
    expect(rowsOf(p, "B")).toEqual([
      { period: 2, label: 0, status: RowStatus.Labelled },
      { period: 3, label: 1, status: RowStatus.Labelled },
    ]);
    expect(rowsOf(p, "C")).toEqual([{ period: 0, label: 1, status: RowStatus.Labelled }]);
    expect(rowsOf(p, "A").map((r) => r.status)).toEqual([0, 0, 0, 0, 0, 1]);
    expect(rowsOf(p, "A").every((r) => r.label === 0)).toBe(true);
    expect(p.counts).toMatchObject({ customers: 4, rows: 10, labelled: 8, positives: 2, censored: 2, scoring: 2 });
    expect(Array.from(p.scoring, (r) => p.history.customers.ids[p.history.months.customer[r]!])).toEqual(["A", "D"]);
    expect(Array.from(p.counts.byPeriod.positives)).toEqual([1, 0, 0, 1, 0, 0]);
  });

  it("with h = 2 labels the two months before churn and censors the last two months, positives included", () => {
    const p = buildPanel(history, { horizon: 2 });
    expect(rowsOf(p, "B")).toEqual([
      { period: 2, label: 1, status: RowStatus.Labelled },
      { period: 3, label: 1, status: RowStatus.Labelled },
    ]);
    expect(rowsOf(p, "A").map((r) => r.status)).toEqual([0, 0, 0, 0, 1, 1]);
    expect(p.counts).toMatchObject({ labelled: 7, positives: 3, censored: 3, scoring: 2 });
    expect(Array.from(p.labelled)).toEqual([0, 1, 2, 3, 6, 7, 8]);
  });

  it("refuses a horizon that leaves nothing to label, and a non-integer horizon", () => {
    expect(() => buildPanel(history, { horizon: 6 })).toThrow("horizon=6 leaves no labelled month in 6 periods");
    expect(() => buildPanel(history, { horizon: 0.5 })).toThrow("got 0.5");
  });

  it("summarises counts and where positives sit", () => {
    const s = summarizePanel(buildPanel(history, { horizon: 1 }));
    expect(s).toMatchObject({ rows: 10, labelled: 8, positives: 2, positiveRate: 0.25, positiveMonths: { count: 2, first: 0, last: 3 } });
  });
});
