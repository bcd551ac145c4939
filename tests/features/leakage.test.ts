import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame, type FeatureFrame } from "../../src/features/index.js";
import type { ChurnHistory } from "../../src/data/history.js";
import { testConfig } from "../helpers/config.js";

const cfg = testConfig({ synthetic: { customers: 1500, months: 36 } });
const base = generateSynthetic(cfg.synthetic, { seed: cfg.seed });

/** Feature values of every row at or before `upTo`, keyed by "id@month". */
function featureRows(history: ChurnHistory, frame: FeatureFrame, upTo: number): Map<string, string> {
  const out = new Map<string, string>();
  const { months, customers } = history;
  for (let r = 0; r < months.count; r++) {
    if (months.period[r]! > upTo) continue;
    const parts: (string | number)[] = [];
    for (const f of frame.numeric) parts.push(f.values[r]!);
    for (const f of frame.categorical) parts.push(f.levels[f.codes[r]!]!);
    out.set(`${customers.ids[months.customer[r]!]}@${months.period[r]}`, parts.join("|"));
  }
  return out;
}

function differences(a: Map<string, string>, b: Map<string, string>): number {
  let n = 0;
  for (const [k, v] of a) if (b.get(k) !== v) n++;
  for (const k of b.keys()) if (!a.has(k)) n++;
  return n;
}

describe("features never read the future", () => {
  for (const t of [6, 18, 30]) {
    it(`every feature of every row up to month ${t} is unchanged when everything after ${t} changes`, () => {
      const other = generateSynthetic(cfg.synthetic, { seed: cfg.seed, divergence: { afterPeriod: t, seed: 77 + t } });
      const fa = buildFeatureFrame(base, cfg.features);
      const fb = buildFeatureFrame(other, cfg.features);
      const a = featureRows(base, fa, t);
      expect(a.size).toBeGreaterThan(1000);
      expect(differences(a, featureRows(other, fb, t))).toBe(0);
      // The guard has power: the next month's rows differ.
      expect(differences(featureRows(base, fa, t + 1), featureRows(other, fb, t + 1))).toBeGreaterThan(0);
    });
  }
});
