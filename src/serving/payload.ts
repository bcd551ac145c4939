/**
 * Feature payloads checked against a model's {@link FeatureSignature}: every feature present,
 * numbers (or null for a missing value) for numeric features, an allowed level for categorical
 * ones, nothing else. A bad field is reported with its path, what was expected and what was got,
 * and a valid payload becomes a one-row feature frame in the signature's order.
 */
import type { CategoricalFeature, FeatureFrame, FeatureInfo, NumericFeature } from "../features/frame.js";
import type { FeatureSignature } from "./scoringModel.js";

/** The numeric feature that carries a customer's monthly charges (dollars), which CLV reads. */
export const CHARGES_FEATURE = "MonthlyCharges";

/** One problem with a payload: the field's path (e.g. `features.tenure`), what was expected and what was got. */
export interface PayloadProblem {
  readonly field: string;
  readonly expected: string;
  readonly got: string;
}

/** A valid feature payload as one scoring row: a one-row frame in signature order and its monthly charges. */
export interface PayloadRow {
  readonly frame: FeatureFrame;
  readonly monthlyCharges: number;
}

/** Longest text of a received value quoted back in a problem. */
const QUOTE_LIMIT = 40;

/** How a received JSON value is described in a problem: its type and a short quote (`string "Fibre"`, `number 3`, `an object`). */
export function describeJsonValue(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > QUOTE_LIMIT ? `${value.slice(0, QUOTE_LIMIT)}…` : value)}${value.length > QUOTE_LIMIT ? ` (${value.length} characters)` : ""}`;
  return `${typeof value} ${String(value)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Checks `features` (a parsed JSON value) against `signature` and returns either the problems (all
 * of them, in signature order, unknown fields last) or the row. Numeric: a finite JSON number, or
 * null for missing (becomes NaN, as in the feature store); `MonthlyCharges` must be a number ≥ 0.
 * Categorical: a string among the signature's levels. `prefix` names the object in problems.
 */
export function parseFeaturePayload(signature: FeatureSignature, features: unknown, prefix = "features"): { readonly problems: readonly PayloadProblem[] } | { readonly row: PayloadRow } {
  if (!isRecord(features)) return { problems: [{ field: prefix, expected: "an object of feature values", got: describeJsonValue(features) }] };
  const problems: PayloadProblem[] = [];
  const numeric: NumericFeature[] = [];
  let monthlyCharges = Number.NaN;
  for (const name of signature.numeric) {
    const value = features[name];
    const charges = name === CHARGES_FEATURE;
    if (charges ? typeof value === "number" && value >= 0 : value === null || typeof value === "number") {
      const v = value === null ? Number.NaN : (value as number);
      if (charges) monthlyCharges = v;
      numeric.push({ info: infoOf(name, "numeric"), values: Float64Array.of(v) });
    } else {
      problems.push({ field: `${prefix}.${name}`, expected: charges ? "a number >= 0 (dollars per month)" : "a number, or null for a missing value", got: describeJsonValue(value) });
    }
  }
  const categorical: CategoricalFeature[] = [];
  for (const { name, levels } of signature.categorical) {
    const value = features[name];
    const code = typeof value === "string" ? levels.indexOf(value) : -1;
    if (code >= 0) categorical.push({ info: infoOf(name, "categorical"), levels, codes: Uint8Array.of(code) });
    else problems.push({ field: `${prefix}.${name}`, expected: `one of ${levels.map((l) => JSON.stringify(l)).join(", ")}`, got: describeJsonValue(value) });
  }
  const known = new Set([...signature.numeric, ...signature.categorical.map((c) => c.name)]);
  for (const key of Object.keys(features)) {
    if (!known.has(key)) problems.push({ field: `${prefix}.${key.length > QUOTE_LIMIT ? `${key.slice(0, QUOTE_LIMIT)}…` : key}`, expected: "no such field (not a feature of this model)", got: describeJsonValue(features[key]) });
  }
  if (!signature.numeric.includes(CHARGES_FEATURE)) problems.push({ field: prefix, expected: `a model whose signature has ${CHARGES_FEATURE} (CLV reads it)`, got: "a signature without it" });
  if (problems.length > 0) return { problems };
  return { row: { frame: { rowCount: 1, numeric, categorical }, monthlyCharges } };
}

function infoOf(name: string, kind: FeatureInfo["kind"]): FeatureInfo {
  return { name, kind, group: "attribute", description: "from a scoring request", window: null, source: "request" };
}
