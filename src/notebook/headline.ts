/**
 * The walkthrough's headline numbers, read from the metrics document (`metricsDocument`), so the
 * notebook, `metrics.json` and the tests show the same values from the same function.
 */
import type { Json } from "../pipeline/metricsDocument.js";

/** The headline numbers of a run. */
export interface Headline {
  /** Out-of-fold ROC-AUC of the decision model (the first in `evaluation.models`), uncalibrated. */
  readonly auc: number;
  /** Expected calibration error of the decision model after calibration, on the rows with a calibrated prediction. */
  readonly ece: number;
  /** N*: the number of customers, best-ranked first, that maximises realised backtest profit. */
  readonly nStar: number;
  /** Realised backtest profit at N* (dollars, summed over the backtest rows). */
  readonly profit: number;
  /** p*: calibrated P(churn within the effect window) of the N*-th ranked backtest row. */
  readonly pStar: number;
  /** Σ EV of the production plan for the active customers (dollars, budget and contact cap applied). */
  readonly expectedProfit: number;
  /** Customers the production plan contacts. */
  readonly targeted: number;
}

/** Key path of every headline number in the metrics document (array indices as numbers). */
export const HEADLINE_PATHS: Readonly<Record<keyof Headline, readonly (string | number)[]>> = Object.freeze({
  auc: ["models", 0, "raw", "rocAuc"],
  ece: ["models", 0, "compared", "calibrated", "ece"],
  nStar: ["decisions", "backtest", "curve", "nStar"],
  profit: ["decisions", "backtest", "curve", "maxProfit"],
  pStar: ["decisions", "backtest", "curve", "pStar"],
  expectedProfit: ["decisions", "production", "expectedProfit"],
  targeted: ["decisions", "production", "targeted"],
});

/** The prefix of the machine-readable line the walkthrough prints last. */
export const WALKTHROUGH_PREFIX = "WALKTHROUGH ";

/**
 * The number at `path` in a JSON document; `null` reads as NaN (the metrics document writes
 * non-finite numbers as null). Throws naming the path when it is missing or not a number.
 */
export function jsonNumberAt(doc: Json, path: readonly (string | number)[]): number {
  let node: Json | undefined = doc;
  for (const key of path) {
    if (node === null || typeof node !== "object") throw new RangeError(`jsonNumberAt: no ${JSON.stringify(key)} under ${JSON.stringify(path)} (reached ${JSON.stringify(node)})`);
    node = Array.isArray(node) ? node[key as number] : (node as Record<string, Json>)[String(key)];
  }
  if (node === null) return Number.NaN;
  if (typeof node !== "number") throw new RangeError(`jsonNumberAt: ${JSON.stringify(path)} is ${JSON.stringify(node ?? "missing")}, expected a number`);
  return node;
}

/** The {@link Headline} of a metrics document, each number read at its {@link HEADLINE_PATHS} entry. */
export function headlineNumbers(doc: Json): Headline {
  const out: Record<string, number> = {};
  for (const [key, path] of Object.entries(HEADLINE_PATHS)) out[key] = jsonNumberAt(doc, path);
  return out as unknown as Headline;
}

/** `WALKTHROUGH {"auc":…,…}`: the headline as one JSON line (numbers round-trip exactly). */
export function walkthroughLine(headline: Headline): string {
  return `${WALKTHROUGH_PREFIX}${JSON.stringify(headline)}`;
}

/**
 * Finds the last `WALKTHROUGH {…}` line in `text` (e.g. the stdout of an executed notebook) and
 * parses it; `null` when there is none. Throws when the line's JSON is malformed.
 */
export function parseWalkthroughLine(text: string): Record<string, number> | null {
  const lines = text.split("\n").filter((l) => l.startsWith(WALKTHROUGH_PREFIX));
  const last = lines[lines.length - 1];
  return last === undefined ? null : (JSON.parse(last.slice(WALKTHROUGH_PREFIX.length)) as Record<string, number>);
}
