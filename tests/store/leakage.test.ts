import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame } from "../../src/features/index.js";
import { readPointInTime, writeOfflineStore } from "../../src/io/offlineStore.js";
import type { FeatureRows } from "../../src/store/index.js";
import { testConfig } from "../helpers/config.js";

const cfg = testConfig({ synthetic: { customers: 300, months: 24 } });
const root = mkdtempSync(join(tmpdir(), "churn-store-leakage-"));

/** One string per entity row: its month, every feature's bytes (as hex), its levels and charges. */
function rowTexts(rows: FeatureRows): string[] {
  const hex = (v: number) => Buffer.from(Float64Array.of(v).buffer).toString("hex");
  return rows.customerIds.map((id, i) =>
    [
      id,
      rows.month[i],
      ...rows.frame.numeric.map((f) => hex(f.values[i]!)),
      ...rows.frame.categorical.map((f) => f.levels[f.codes[i]!]),
      hex(rows.monthlyCharges[i]!),
    ].join("|"),
  );
}

function differences(a: readonly string[], b: readonly string[]): number {
  return a.filter((x, i) => x !== b[i]).length;
}

/** Every customer of either world at every as-of month in `asOf`. */
function entities(ids: readonly string[], asOf: readonly number[]): { customerIds: string[]; asOf: Int32Array } {
  const customerIds = asOf.flatMap(() => ids);
  return { customerIds, asOf: Int32Array.from(asOf.flatMap((t) => ids.map(() => t))) };
}

describe("point-in-time retrieval never reads the future", () => {
  for (const [seed, t] of [
    [cfg.seed, 5],
    [cfg.seed, 12],
    [11, 18],
  ] as const) {
    it(`seed ${seed}: every as-of month ≤ ${t} reads the same features when everything after month ${t} changes`, async () => {
      const base = generateSynthetic(cfg.synthetic, { seed });
      const other = generateSynthetic(cfg.synthetic, { seed, divergence: { afterPeriod: t, seed: 77 + t } });
      const a = join(root, `a-${seed}-${t}`);
      const b = join(root, `b-${seed}-${t}`);
      writeOfflineStore(a, base, buildFeatureFrame(base, cfg.features), { source: "base" });
      writeOfflineStore(b, other, buildFeatureFrame(other, cfg.features), { source: "other" });
      const ids = [...new Set([...base.customers.ids, ...other.customers.ids])];
      const past = entities(ids, Array.from({ length: t + 3 }, (_, k) => k - 2)); // −2 .. t
      const ra = rowTexts(await readPointInTime(a, past));
      const rb = rowTexts(await readPointInTime(b, past));
      expect(ra.length).toBeGreaterThan(1000);
      expect(differences(ra, rb)).toBe(0);
      // The guard has power: as of the next month the two worlds differ.
      const next = entities(ids, [t + 1]);
      expect(differences(rowTexts(await readPointInTime(a, next)), rowTexts(await readPointInTime(b, next)))).toBeGreaterThan(0);
    });
  }
});
