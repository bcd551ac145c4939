import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import type { ChurnHistory } from "../../src/data/history.js";
import { testConfig } from "../helpers/config.js";

const M = 24;
const base = testConfig({ synthetic: { customers: 3000, months: 36 } });
const world = (scenarios: Record<string, unknown>): ChurnHistory => generateSynthetic(testConfig({ synthetic: { customers: 3000, months: 36, scenarios } }).synthetic, { seed: base.seed });
const plain = generateSynthetic(base.synthetic, { seed: base.seed });
const priceRise = world({ priceRise: { enabled: true, month: M, share: 0.4, size: 0.15 } });
const acquisition = world({ acquisitionShift: { enabled: true, month: M } });
const concept = world({ conceptShift: { enabled: true, month: M, fiber: 1.2, electronicCheck: 1.2 } });

/** Every month row before month M, per customer id: period, charges, signals and hazard. */
function before(h: ChurnHistory): string[] {
  const out: string[] = [];
  for (let r = 0; r < h.months.count; r++) {
    if (h.months.period[r]! >= M) continue;
    const n = h.months.numeric;
    out.push(`${h.customers.ids[h.months.customer[r]!]}@${h.months.period[r]}:${n.MonthlyCharges![r]}|${n.SupportTickets![r]}|${n.UsageIndex![r]}|${n.LatePayment![r]}|${h.truth!.hazard[r]}`);
  }
  return out;
}

/** Mean of `values` over the rows of month `t` (optionally only rows where `keep` is true). */
function monthMean(h: ChurnHistory, values: ArrayLike<number>, t: number, keep: (r: number) => boolean = () => true): number {
  let s = 0;
  let n = 0;
  for (let r = 0; r < h.months.count; r++) if (h.months.period[r] === t && keep(r)) (s += values[r]!, n++);
  return s / n;
}

describe("the synthetic drift scenarios", () => {
  it("change nothing before their month", () => {
    const reference = before(plain);
    for (const h of [priceRise, acquisition, concept]) expect(before(h)).toEqual(reference);
  });

  it("the price-rise wave raises the monthly charges of about `share` of the base by `size` in its month", () => {
    const charges = (h: ChurnHistory) => h.months.numeric.MonthlyCharges!;
    const jump = monthMean(priceRise, charges(priceRise), M) / monthMean(priceRise, charges(priceRise), M - 1);
    const usual = monthMean(plain, charges(plain), M) / monthMean(plain, charges(plain), M - 1);
    expect(jump - usual).toBeGreaterThan(0.4 * 0.15 * 0.8);
    expect(jump - usual).toBeLessThan(0.4 * 0.15 * 1.2);
    expect(monthMean(priceRise, priceRise.truth!.hazard, M)).toBeGreaterThan(monthMean(plain, plain.truth!.hazard, M) * 1.2);
  });

  it("the acquisition shift brings arrivals at the new rate and mix from its month", () => {
    const fiber = (h: ChurnHistory) => {
      const internet = h.customers.categorical.InternetService!;
      const code = internet.levels.indexOf("Fiber optic");
      let n = 0;
      let f = 0;
      for (let c = 0; c < h.customers.count; c++) if (h.customers.start[c]! >= M) (n++, (f += internet.codes[c] === code ? 1 : 0));
      return { arrivals: n, share: f / n };
    };
    const shifted = fiber(acquisition);
    const usual = fiber(plain);
    expect(shifted.arrivals).toBeGreaterThan(usual.arrivals * 5);
    expect(shifted.share).toBeGreaterThan(0.75);
    expect(usual.share).toBeLessThan(0.62);
  });

  it("the concept shift changes the hazard of fiber and electronic-check customers, not the features", () => {
    const echeck = plain.customers.categorical.PaymentMethod!;
    const code = echeck.levels.indexOf("Electronic check");
    const isECheck = (h: ChurnHistory) => (r: number) => h.customers.categorical.PaymentMethod!.codes[h.months.customer[r]!] === code;
    expect(monthMean(concept, concept.truth!.hazard, M, isECheck(concept))).toBeGreaterThan(monthMean(plain, plain.truth!.hazard, M, isECheck(plain)) * 1.5);
    // In month M itself the features are the plain world's (the hazard acts on churn after M).
    const n = concept.months.numeric;
    expect(monthMean(concept, n.UsageIndex!, M)).toBe(monthMean(plain, plain.months.numeric.UsageIndex!, M));
  });
});
