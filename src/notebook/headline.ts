/**
 * The walkthrough's headline numbers, read from the metrics document (`metricsDocument`), so the
 * notebook, `metrics.json` and the tests show the same values from the same function.
 */
import type { Json } from "../pipeline/metricsDocument.js";

/** The headline numbers of a run. */
export interface Headline {
  /** Out-of-fold ROC-AUC of the decision model (`decisionModel.model` of the document), uncalibrated. */
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

/**
 * Key path of every headline number in the metrics document (array indices as numbers), written
 * for a document whose decision model is its first model (`["models", 0, …]`);
 * {@link headlinePaths} puts the decision model's position in place of that 0.
 */
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

/**
 * Position in `models` of the document's decision model: the entry whose `model` is
 * `decisionModel.model`. A document without `decisionModel` (written before the choice was
 * recorded, when the first model drove the decisions) gives 0. Throws, naming the models, when the
 * decision model is not among them.
 */
export function decisionModelIndex(doc: Json): number {
  const root = doc !== null && typeof doc === "object" && !Array.isArray(doc) ? doc : {};
  const choice = root["decisionModel"];
  if (choice === undefined) return 0;
  const name = choice !== null && typeof choice === "object" && !Array.isArray(choice) ? choice["model"] : undefined;
  const models = Array.isArray(root["models"]) ? root["models"] : [];
  const names = models.map((m) => (m !== null && typeof m === "object" && !Array.isArray(m) ? m["model"] : undefined));
  const index = names.indexOf(name);
  if (index < 0) throw new RangeError(`decisionModelIndex: the decision model ${JSON.stringify(name)} is not among the document's models ${JSON.stringify(names)}`);
  return index;
}

/** {@link HEADLINE_PATHS} for `doc`: the model paths point at its decision model's entry ({@link decisionModelIndex}). */
export function headlinePaths(doc: Json): Record<keyof Headline, readonly (string | number)[]> {
  const index = decisionModelIndex(doc);
  const out = {} as Record<keyof Headline, readonly (string | number)[]>;
  for (const [key, path] of Object.entries(HEADLINE_PATHS) as [keyof Headline, readonly (string | number)[]][]) out[key] = path[0] === "models" ? ["models", index, ...path.slice(2)] : path;
  return out;
}

/** The {@link Headline} of a metrics document, each number read at its {@link headlinePaths} entry (the decision model's, for the model metrics). */
export function headlineNumbers(doc: Json): Headline {
  const out: Record<string, number> = {};
  for (const [key, path] of Object.entries(headlinePaths(doc))) out[key] = jsonNumberAt(doc, path);
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
