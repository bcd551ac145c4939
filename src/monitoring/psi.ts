import { chiSquareIsf, chiSquareSf } from "./chiSquareDistribution.js";
import { binTotals, type DriftBins } from "./driftBins.js";
import { checkLevel, checkThreshold, type DriftTestResult } from "./driftResult.js";

/** Proportion an empty bin is given under the `"floor"` smoothing (Evidently's 0.0001). */
export const DEFAULT_PSI_EPSILON = 1e-4;

/**
 * How PSI keeps ln(q/p) finite when a bin is empty. `"half-count"` (default) adds ½ to every
 * bin's count, p_b = (c_b + ½) / (n + B/2) (the Jeffreys-prior estimate), which leaves large samples
 * unchanged and keeps the chi-square approximation of the null usable down to ~30 rows per sample.
 * `"floor"` replaces a zero proportion by `epsilon` (Evidently's rule when every observed proportion
 * exceeds 1e-4), so one empty current bin contributes about p·ln(p/ε) — 0.69 for p = 0.1 — and
 * small samples raise false alarms (see the PSI tests: ~26 % at 50 rows against 10 bins).
 */
export type PsiSmoothing = "half-count" | "floor";

/** The fixed PSI bands of credit-scoring practice: < 0.1 stable, 0.1–0.25 moderate shift, ≥ 0.25 major shift. */
export const PSI_RULE_OF_THUMB = { moderate: 0.1, major: 0.25 } as const;

/** Options of {@link psi}. */
export interface PsiOptions {
  /** Test level α of the sample-size-aware critical value, in (0, 1); default 0.05. */
  readonly alpha?: number;
  /** Empty-bin treatment; default `"half-count"`. */
  readonly smoothing?: PsiSmoothing;
  /** Proportion substituted for an empty bin's 0 under `"floor"`, in (0, 1); default {@link DEFAULT_PSI_EPSILON}. */
  readonly epsilon?: number;
  /** The fixed bands reported beside the test; default {@link PSI_RULE_OF_THUMB}. */
  readonly ruleOfThumb?: { readonly moderate: number; readonly major: number };
}

/** Result of {@link psi}: the test at the critical value, and the fixed bands beside it. */
export interface PsiResult extends DriftTestResult {
  readonly method: "psi";
  readonly smoothing: PsiSmoothing;
  readonly pValue: number;
  /** Occupied bins B minus 1. */
  readonly degreesOfFreedom: number;
  /** 1/n_ref + 1/n_cur, the factor that scales χ²_{B−1} into PSI's null distribution. */
  readonly scale: number;
  /** The fixed bands and where the statistic falls in them, for comparison only. */
  readonly ruleOfThumb: { readonly moderate: number; readonly major: number; readonly band: "stable" | "moderate" | "major" };
}

/**
 * Critical value of PSI at level `alpha` for sample sizes `nReference`, `nCurrent` and `bins`
 * occupied bins, after Yurdakul (2018), "Statistical properties of population stability index"
 * (PhD dissertation, Western Michigan University): without drift PSI ≈ (1/n_ref + 1/n_cur)·χ²_{B−1},
 * so the critical value is (1/n_ref + 1/n_cur)·χ²_{B−1, 1−α}; 0 for one bin.
 */
export function psiCriticalValue(nReference: number, nCurrent: number, bins: number, alpha: number): number {
  checkLevel("psiCriticalValue", "alpha", alpha);
  if (!(nReference > 0 && nCurrent > 0)) throw new RangeError(`psiCriticalValue: sample sizes must be positive, got ${nReference} and ${nCurrent}`);
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`psiCriticalValue: bins must be a positive integer, got ${bins}`);
  return bins === 1 ? 0 : (1 / nReference + 1 / nCurrent) * chiSquareIsf(alpha, bins - 1);
}

/**
 * Population stability index of binned counts ({@link quantileBins}, {@link categoryBins}):
 * PSI = Σ_b (q_b − p_b) · ln(q_b / p_b) over the B occupied bins, with p the reference and q the
 * current proportions after `smoothing` ({@link PsiSmoothing}: +½ per bin by default, or Evidently's
 * 1e-4 floor). Drift when PSI exceeds the sample-size-aware {@link psiCriticalValue} at `alpha`
 * (Yurdakul 2018); the p-value is P(χ²_{B−1} > PSI / (1/n_ref + 1/n_cur)) (1 for one bin). The
 * fixed 0.1/0.25 bands are reported beside it for comparison. Throws when a sample has no rows or
 * an option is out of range (value quoted). O(B).
 */
export function psi(bins: DriftBins, options: PsiOptions = {}): PsiResult {
  const alpha = options.alpha ?? 0.05;
  const smoothing = options.smoothing ?? "half-count";
  const epsilon = options.epsilon ?? DEFAULT_PSI_EPSILON;
  const band = options.ruleOfThumb ?? PSI_RULE_OF_THUMB;
  checkLevel("psi", "alpha", alpha);
  checkLevel("psi", "epsilon", epsilon);
  if (smoothing !== "half-count" && smoothing !== "floor") throw new RangeError(`psi: smoothing must be "half-count" or "floor", got ${JSON.stringify(smoothing)}`);
  checkThreshold("psi", "ruleOfThumb.moderate", band.moderate);
  checkThreshold("psi", "ruleOfThumb.major", band.major);
  const { reference, current } = bins;
  const { reference: nRef, current: nCur } = binTotals("psi", bins);
  const occupied = reference.length;
  const half = smoothing === "half-count";
  const refTotal = half ? nRef + occupied / 2 : nRef;
  const curTotal = half ? nCur + occupied / 2 : nCur;
  let statistic = 0;
  for (let b = 0; b < occupied; b++) {
    const p = half ? (reference[b]! + 0.5) / refTotal : reference[b]! > 0 ? reference[b]! / nRef : epsilon;
    const q = half ? (current[b]! + 0.5) / curTotal : current[b]! > 0 ? current[b]! / nCur : epsilon;
    statistic += (q - p) * Math.log(q / p);
  }
  const scale = 1 / nRef + 1 / nCur;
  const threshold = psiCriticalValue(nRef, nCur, occupied, alpha);
  const pValue = occupied > 1 ? chiSquareSf(statistic / scale, occupied - 1) : 1;
  return {
    method: "psi",
    statistic,
    pValue,
    threshold,
    driftWhen: "statistic > threshold",
    drifted: statistic > threshold,
    smoothing,
    degreesOfFreedom: occupied - 1,
    scale,
    ruleOfThumb: { ...band, band: statistic >= band.major ? "major" : statistic >= band.moderate ? "moderate" : "stable" },
  };
}
