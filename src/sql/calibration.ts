/**
 * A fitted calibrator (`src/calibration`) as SQL stages from the raw probability to the calibrated
 * one, with the arithmetic of each calibrator's `transform` in the same order.
 */
import { BetaCalibrator } from "../calibration/beta.js";
import { IsotonicCalibrator } from "../calibration/isotonic.js";
import type { CalibratorJSON } from "../calibration/outOfFold.js";
import { PlattCalibrator } from "../calibration/platt.js";
import type { SqlDialect } from "./dialect.js";
import { doubleLiteral } from "./literal.js";
import { sigmoidSql } from "./logistic.js";
import type { SqlStage } from "./stage.js";

const NAN = doubleLiteral(Number.NaN);

/**
 * The stages that turn column `input` (the raw probability) into column `output` with the
 * calibrator `json` (validated by its own `fromJSON` first). Isotonic: clip to the knots' range
 * (or NaN / fail the query, as `outOfBounds` says), then linear interpolation between knots found by
 * a balanced binary search of nested CASEs (depth log₂ knots); Platt: σ(−(A·f + B)) with f the
 * clipped logit or the score; beta: σ(a·ln q − b·ln(1 − q) + c) with q clipped. Throws a RangeError
 * for an unknown calibrator.
 */
export function calibrationSql(json: CalibratorJSON, input: string, output: string, d: SqlDialect): SqlStage[] {
  switch (json.kind) {
    case "IsotonicCalibrator":
      return isotonicStages(IsotonicCalibrator.fromJSON(json), input, output, d);
    case "PlattCalibrator": {
      const c = PlattCalibrator.fromJSON(json);
      const { input: kind, clipEps } = c.options;
      const f = kind === "logit" ? `(ln(cal_q) - ${d.log1p("(-cal_q)")})` : "cal_q";
      return [
        [{ name: "cal_q", expr: kind === "logit" ? clip(input, clipEps) : input }],
        [{ name: "cal_z", expr: `(-(${doubleLiteral(c.a)} * ${f} + ${doubleLiteral(c.b)}))` }],
        [{ name: output, expr: sigmoidSql("cal_z") }],
      ];
    }
    case "BetaCalibrator": {
      const c = BetaCalibrator.fromJSON(json);
      return [
        [{ name: "cal_q", expr: clip(input, c.options.clipEps) }],
        [{ name: "cal_z", expr: `${doubleLiteral(c.a)} * ln(cal_q) - ${doubleLiteral(c.b)} * ${d.log1p("(-cal_q)")} + ${doubleLiteral(c.c)}` }],
        [{ name: output, expr: sigmoidSql("cal_z") }],
      ];
    }
    default:
      throw new RangeError(`calibrationSql: unknown calibrator kind ${JSON.stringify(json.kind)} (expected IsotonicCalibrator, PlattCalibrator or BetaCalibrator)`);
  }
}

/** min(max(p, eps), 1 − eps) as the calibrators compute it (1 − eps in double precision here); NaN stays NaN. */
function clip(p: string, eps: number): string {
  const lo = doubleLiteral(eps);
  const hi = doubleLiteral(1 - eps);
  return `(CASE WHEN isnan(${p}) THEN ${p} WHEN ${p} < ${lo} THEN ${lo} WHEN ${p} > ${hi} THEN ${hi} ELSE ${p} END)`;
}

/** The isotonic calibrator's transform: out-of-range handling, then interpolation (see {@link calibrationSql}). */
function isotonicStages(cal: IsotonicCalibrator, input: string, output: string, d: SqlDialect): SqlStage[] {
  const kx = cal.xThresholds;
  const ky = cal.yThresholds;
  const last = kx.length - 1;
  const lo = doubleLiteral(kx[0]!);
  const hi = doubleLiteral(kx[last]!);
  const outside = `${input} < ${lo} OR ${input} > ${hi}`;
  const oob = cal.options.outOfBounds;
  const bounded =
    oob === "clip"
      ? `(CASE WHEN isnan(${input}) THEN ${input} WHEN ${input} < ${lo} THEN ${lo} WHEN ${input} > ${hi} THEN ${hi} ELSE ${input} END)`
      : `(CASE WHEN isnan(${input}) THEN ${input} WHEN ${outside} THEN ${oob === "nan" ? NAN : d.raiseError(`isotonic calibration: a raw probability outside the training range [${kx[0]}, ${kx[last]}]`)} ELSE ${input} END)`;
  // Segment a covers [kx[a], kx[a + 1]); the value there is TypeScript's slope·(v − kx[a]) + ky[a], exact at a knot.
  const segment = (a: number): string => {
    const slope = (ky[a + 1]! - ky[a]!) / (kx[a + 1]! - kx[a]!);
    if (slope === 0 && !Object.is(ky[a], -0)) return doubleLiteral(ky[a]!);
    return `CASE WHEN cal_v = ${doubleLiteral(kx[a]!)} THEN ${doubleLiteral(ky[a]!)} ELSE ${doubleLiteral(slope)} * (cal_v - ${doubleLiteral(kx[a]!)}) + ${doubleLiteral(ky[a]!)} END`;
  };
  const search = (a: number, b: number): string => {
    if (b - a === 1) return segment(a);
    const mid = (a + b) >>> 1;
    return `CASE WHEN cal_v < ${doubleLiteral(kx[mid]!)} THEN ${search(a, mid)} ELSE ${search(mid, b)} END`;
  };
  const top = `WHEN cal_v >= ${hi} THEN ${doubleLiteral(ky[last]!)}`;
  const value = last === 0 ? `CASE WHEN isnan(cal_v) THEN cal_v ELSE ${doubleLiteral(ky[0]!)} END` : `CASE WHEN isnan(cal_v) THEN cal_v ${top} ELSE ${search(0, last)} END`;
  return [[{ name: "cal_v", expr: bounded }], [{ name: output, expr: `(${value})` }]];
}
