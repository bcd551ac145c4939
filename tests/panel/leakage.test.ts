import { describe, expect, it } from "vitest";
import { historyAsOf } from "../../src/data/asOf.js";
import { generateSynthetic } from "../../src/data/synthetic.js";
import type { ChurnHistory } from "../../src/data/history.js";
import { buildPanel, type Panel } from "../../src/panel/panel.js";
import { testConfig } from "../helpers/config.js";

/** Everything a model could see or learn from one panel row, as a comparable string. */
function rowView(panel: Panel, r: number): string {
  const { months, customers } = panel.history;
  const c = months.customer[r]!;
  const parts: (string | number)[] = [customers.ids[c]!, months.period[r]!, months.tenure[r]!, panel.status[r]!, panel.label[r]!];
  for (const [k, col] of Object.entries(months.numeric)) parts.push(k, col[r]!);
  for (const [k, col] of Object.entries(months.categorical)) parts.push(k, col.levels[col.codes[r]!]!);
  for (const [k, col] of Object.entries(customers.numeric)) parts.push(k, col[c]!);
  for (const [k, col] of Object.entries(customers.categorical)) parts.push(k, col.levels[col.codes[c]!]!);
  return parts.join("|");
}

/** Row views keyed by "id@period" for rows at or before `upTo`. */
function viewsUpTo(panel: Panel, upTo: number): Map<string, string> {
  const out = new Map<string, string>();
  const { months, customers } = panel.history;
  for (let r = 0; r < months.count; r++) {
    if (months.period[r]! <= upTo) out.set(`${customers.ids[months.customer[r]!]}@${months.period[r]}`, rowView(panel, r));
  }
  return out;
}

function differences(a: Map<string, string>, b: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of a) if (b.get(k) !== v) n++;
  for (const k of b.keys()) if (!a.has(k)) n++;
  return n;
}

const cfg = testConfig({ synthetic: { customers: 2000, months: 36 } });
const base = generateSynthetic(cfg.synthetic, { seed: cfg.seed });

function divergent(afterPeriod: number, seed: number): ChurnHistory {
  return generateSynthetic(cfg.synthetic, { seed: cfg.seed, divergence: { afterPeriod, seed } });
}

describe("no future data in rows at or before t − h", () => {
  for (const h of [1, 3]) {
    for (const t of [8, 20, 30]) {
      it(`h = ${h}: a world with a different future after month ${t} has identical rows up to month ${t - h}`, () => {
        const other = divergent(t, 1000 + t);
        const a = buildPanel(base, { horizon: h });
        const b = buildPanel(other, { horizon: h });
        const rowsA = viewsUpTo(a, t - h);
        expect(rowsA.size).toBeGreaterThan(1000);
        expect(differences(rowsA, viewsUpTo(b, t - h))).toBe(0);
        // The worlds do differ after t, and the guard is tight: month t − h + 1 already sees month t + 1.
        expect(differences(viewsUpTo(a, cfg.synthetic.months - 1), viewsUpTo(b, cfg.synthetic.months - 1))).toBeGreaterThan(100);
        expect(differences(viewsUpTo(a, t - h + 1), viewsUpTo(b, t - h + 1))).toBeGreaterThan(0);
      });
    }
  }

  it("the history as of month t reproduces every labelled row up to t − h exactly, and censors the rest", () => {
    const h = 2;
    const t = 20;
    const full = buildPanel(base, { horizon: h });
    const cut = buildPanel(historyAsOf(base, t), { horizon: h });
    expect(differences(viewsUpTo(full, t - h), viewsUpTo(cut, t - h))).toBe(0);
    expect(cut.history.periods).toBe(t + 1);
    // Rows after t − h are censored in the cut panel, and the scoring set is every customer active at t.
    for (let r = 0; r < cut.history.months.count; r++) if (cut.history.months.period[r]! > t - h) expect(cut.status[r]).toBe(1);
    expect(cut.counts.scoring).toBe(full.counts.byPeriod.rows[t]);
  });

  it("changing extraction-time TotalCharges changes no panel row", () => {
    const p = buildPanel(base, { horizon: 1 });
    const altered: ChurnHistory = { ...base, extraction: { totalCharges: base.extraction.totalCharges.map((x) => x * 3 + 1) } };
    expect(differences(viewsUpTo(p, cfg.synthetic.months), viewsUpTo(buildPanel(altered, { horizon: 1 }), cfg.synthetic.months))).toBe(0);
  });
});
