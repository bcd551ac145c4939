import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { UndefinedMetricError } from "../../src/evaluation/checks.js";
import { upliftAtK, type UpliftAtKStrategy } from "../../src/experiments/upliftAtK.js";
// A type-only import: erased at run time, so qini.test.ts's tests are not registered here.
import type { UpliftReference } from "./qini.test.js";

const fixture = JSON.parse(readFileSync(new URL("../fixtures/uplift-reference.json", import.meta.url), "utf8")) as UpliftReference;

describe("upliftAtK", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))(`matches the ${fixture.meta.follows} reference within 1e-9 for both strategies: %s`, (_name, c) => {
    const y = Uint8Array.from(c.y);
    const uplift = Float64Array.from(c.uplift);
    const t = Uint8Array.from(c.treatment);
    for (const strategy of ["overall", "by_group"] as const) {
      c.k.forEach((k, j) => {
        const expected = c.uplift_at_k[strategy][j];
        if (expected === null || expected === undefined) expect(() => upliftAtK(y, uplift, t, strategy, k)).toThrow(UndefinedMetricError);
        else expect(Math.abs(upliftAtK(y, uplift, t, strategy, k) - expected)).toBeLessThan(1e-9);
      });
    }
  });

  // Scores 4, 3, 3, 2, 1, 1 with arms T, C, T, C, T, C and responses 1, 0, 1, 1, 0, 0.
  const y = Uint8Array.of(1, 0, 1, 1, 0, 0);
  const u = Float64Array.of(4, 3, 3, 2, 1, 1);
  const t = Uint8Array.of(1, 0, 1, 0, 1, 0);

  it("cuts a tie by decreasing row index, as sklift's reversed stable sort does", () => {
    // Top ⌊6·0.5⌋ = 3 overall: rows 0, 2, 1 (row 2 before row 1) → treated 2/2, control 0/1.
    expect(upliftAtK(y, u, t, "overall", 0.5)).toBe(1);
    // Top ⌊3·0.67⌋ = 2 per arm: treated rows 0, 2 → 1; control rows 1, 3 → 0.5.
    expect(upliftAtK(y, u, t, "by_group", 0.67)).toBe(0.5);
  });

  it("throws UndefinedMetricError when the top k holds one arm, and on a bad k or strategy", () => {
    expect(() => upliftAtK(y, u, t, "overall", 0.2)).toThrow(/holds 1 treated and 0 control units/);
    expect(() => upliftAtK(y, u, t, "by_group", 0.2)).toThrow(UndefinedMetricError);
    expect(() => upliftAtK(y, u, t, "overall", 1)).toThrow(/k must be a fraction in \(0, 1\), got 1/);
    expect(() => upliftAtK(y, u, t, "first" as UpliftAtKStrategy, 0.5)).toThrow(/strategy must be "overall" or "by_group", got "first"/);
  });
});
