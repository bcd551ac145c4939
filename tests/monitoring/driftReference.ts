/**
 * Typed loader for the scipy/statsmodels reference fixture written by
 * scripts/reference/drift_reference.py (tests/fixtures/drift-reference.json). NaN is stored as null.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface CountTests {
  readonly referenceCounts: number[];
  readonly currentCounts: number[];
  readonly psi: {
    criticalValue: number;
    scale: number;
    halfCount: { statistic: number; pValue: number };
    floor: { statistic: number; pValue: number };
  };
  readonly jensenShannon: number;
  readonly chiSquare?: { statistic: number; pValue: number; dof: number };
}

export interface NumericCase extends CountTests {
  readonly name: string;
  readonly kind: "numeric";
  readonly reference: (number | null)[];
  readonly current: (number | null)[];
  readonly cuts: number[];
  readonly ks: { statistic: number; pValue: number };
  readonly wasserstein: { distance: number; normalized: number };
}

export interface CategoricalCase extends CountTests {
  readonly name: string;
  readonly kind: "categorical";
  readonly reference: number[];
  readonly current: number[];
  readonly z?: { statistic: number; pValue: number };
}

export interface DriftReference {
  readonly meta: { generator: string; seed: number; bins: number; alpha: number; epsilon: number; numpy: string; scipy: string; statsmodels: string };
  readonly distributions: {
    readonly chi2: { df: number; x: number; cdf: number; sf: number }[];
    readonly chi2Quantiles: { df: number; p: number; ppf: number; isf: number }[];
    readonly normal: { z: number; sf: number }[];
    readonly kstwo: { n: number; d: number; sf: number }[];
  };
  readonly samples: (NumericCase | CategoricalCase)[];
  readonly multipleTesting: { pValues: number[]; results: { method: "bonferroni" | "fdr_bh"; alpha: number; adjusted: number[]; rejected: number[] }[] };
  readonly cbpe: { p: number[]; rocAuc: number; positiveRate: number };
}

export const driftReference = JSON.parse(
  readFileSync(fileURLToPath(new URL("../fixtures/drift-reference.json", import.meta.url)), "utf8"),
) as DriftReference;

export const numericCases = driftReference.samples.filter((c): c is NumericCase => c.kind === "numeric");
export const categoricalCases = driftReference.samples.filter((c): c is CategoricalCase => c.kind === "categorical");

/** Float64Array of a stored sample, null read back as NaN. */
export function values(stored: readonly (number | null)[]): Float64Array {
  return Float64Array.from(stored, (v) => (v === null ? Number.NaN : v));
}

/** Relative difference |a − b| / |b| (absolute when b is 0). */
export function relativeError(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
}
