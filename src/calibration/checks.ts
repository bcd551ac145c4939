import { checkFinite, checkLabels, checkLength, checkProbabilities, classTotals, type ClassTotals } from "../evaluation/checks.js";

/**
 * Validates a calibrator's training data `(scores, y, weights?)`: `y` non-empty 0/1 labels, equal
 * lengths (both quoted), scores in [0, 1] when `probabilities` is true or else finite, weights
 * finite ≥ 0 with a positive total. Returns the class weight totals.
 */
export function checkCalibrationInput(
  name: string,
  scores: Float64Array,
  y: Uint8Array,
  weights: Float64Array | undefined,
  probabilities: boolean,
): ClassTotals {
  checkLabels(name, y);
  checkLength(name, "scores", scores.length, y.length);
  if (probabilities) checkProbabilities(name, "scores", scores);
  else checkFinite(name, "scores", scores);
  return classTotals(name, y, weights);
}

/** Throws unless `value` is a number in the open interval (0, 0.5) — a clipping epsilon. */
export function checkClipEps(name: string, value: number): void {
  if (!(value > 0 && value < 0.5)) throw new RangeError(`${name}: clipEps must be in (0, 0.5), got ${value}`);
}

/** Throws unless `value` is a positive integer — an iteration budget. */
export function checkMaxIterations(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name}: maxIterations must be a positive integer, got ${value}`);
}

/** Reads a finite number at `key` of a parsed JSON object, throwing with the key and value quoted otherwise. */
export function jsonNumber(name: string, json: Record<string, unknown>, key: string): number {
  const v = json[key];
  if (typeof v !== "number" || !Number.isFinite(v)) throw new RangeError(`${name}: JSON key "${key}" must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

/** Throws unless `json` is an object whose `kind` and `version` are the expected ones. */
export function checkJsonHeader(name: string, json: unknown, kind: string, version: number): Record<string, unknown> {
  if (typeof json !== "object" || json === null || Array.isArray(json)) throw new RangeError(`${name}: expected a JSON object, got ${JSON.stringify(json)}`);
  const obj = json as Record<string, unknown>;
  if (obj["kind"] !== kind) throw new RangeError(`${name}: JSON "kind" must be ${JSON.stringify(kind)}, got ${JSON.stringify(obj["kind"])}`);
  if (obj["version"] !== version) throw new RangeError(`${name}: JSON "version" must be ${version}, got ${JSON.stringify(obj["version"])}`);
  return obj;
}
