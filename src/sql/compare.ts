/**
 * The scores of the SQL query beside the TypeScript scores of the same rows: both as one table
 * shape, matched by customer id, with the largest absolute difference per column and the rows whose
 * best action differs. What `export-sql --check` prints and the tests assert.
 */
import { bestActions } from "../decision/expectedValue.js";
import type { RowScores } from "../serving/score.js";

/**
 * The largest absolute difference between an SQL score and the TypeScript score that counts as the
 * same number (probabilities, dollars): the engines' `exp`/`ln` differ from V8's by an ulp or so,
 * which moves an EV of a few hundred dollars by about 1e-13.
 */
export const SQL_CHECK_TOLERANCE = 1e-9;

/** One set of scores, one entry per customer; NaN where a value is missing (an EV that does not count is NULL in SQL, −∞ in TypeScript). */
export interface ScoreTable {
  readonly customerIds: readonly string[];
  readonly pRaw: Float64Array;
  readonly pCalibrated: Float64Array;
  readonly pMonth: Float64Array;
  readonly pWindow: Float64Array;
  readonly clv: Float64Array;
  /** Per action (catalogue order), the EV per customer. */
  readonly ev: readonly Float64Array[];
  /** The best action's name, null when no action pays. */
  readonly bestAction: readonly (string | null)[];
}

/** The numeric columns compared, by output name. */
const NUMERIC = [
  ["p_raw", "pRaw"],
  ["p_calibrated", "pCalibrated"],
  ["p_churn_next_month", "pMonth"],
  ["p_churn_action_window", "pWindow"],
  ["clv", "clv"],
] as const;

/** `scoreRows`' output for customers `customerIds` as a {@link ScoreTable}: an EV that does not count (−∞) is NaN, the best action is `bestActions` with floor 0. */
export function scoreTableOfRows(customerIds: readonly string[], scores: RowScores, actionNames: readonly string[]): ScoreTable {
  const v = scores.values;
  const A = actionNames.length;
  const n = customerIds.length;
  if (scores.raw.length !== n) throw new RangeError(`scoreTableOfRows: ${n} customer ids but ${scores.raw.length} scores`);
  const best = bestActions(v.values, A, { floor: 0 });
  return {
    customerIds,
    pRaw: scores.raw,
    pCalibrated: scores.calibrated,
    pMonth: v.pMonth,
    pWindow: v.pWindow,
    clv: v.clv,
    ev: actionNames.map((_, a) => Float64Array.from({ length: n }, (_, i) => (Number.isFinite(v.values[i * A + a]!) ? v.values[i * A + a]! : Number.NaN))),
    bestAction: Array.from(best, (j) => (j >= 0 ? actionNames[j]! : null)),
  };
}

/**
 * The query's result columns (by output name, as `scoringQueryColumns`) as a {@link ScoreTable}:
 * numbers stay numbers, NULL becomes NaN. Throws naming the column when one is missing, has the
 * wrong length, or holds a value of the wrong type.
 */
export function scoreTableOfColumns(columns: Readonly<Record<string, readonly unknown[]>>, actionNames: readonly string[]): ScoreTable {
  const get = (name: string): readonly unknown[] => {
    const c = columns[name];
    if (c === undefined) throw new RangeError(`scoreTableOfColumns: the result has no column "${name}" (has ${Object.keys(columns).join(", ")})`);
    return c;
  };
  const ids = get("customer_id");
  const n = ids.length;
  const numbers = (name: string): Float64Array => {
    const c = get(name);
    if (c.length !== n) throw new RangeError(`scoreTableOfColumns: column "${name}" has ${c.length} values, customer_id ${n}`);
    return Float64Array.from(c, (v, i) => {
      if (v === null) return Number.NaN;
      if (typeof v !== "number") throw new RangeError(`scoreTableOfColumns: column "${name}" row ${i + 1} holds ${typeof v}, expected a number or NULL`);
      return v;
    });
  };
  const strings = (name: string, nullable: boolean): (string | null)[] =>
    get(name).map((v, i) => {
      if (typeof v === "string" || (nullable && v === null)) return v;
      throw new RangeError(`scoreTableOfColumns: column "${name}" row ${i + 1} holds ${v === null ? "NULL" : typeof v}, expected a string`);
    });
  return {
    customerIds: strings("customer_id", false) as string[],
    pRaw: numbers("p_raw"),
    pCalibrated: numbers("p_calibrated"),
    pMonth: numbers("p_churn_next_month"),
    pWindow: numbers("p_churn_action_window"),
    clv: numbers("clv"),
    ev: actionNames.map((a) => numbers(`ev_${a}`)),
    bestAction: strings("best_action", true),
  };
}

/** How far one {@link ScoreTable} is from another. */
export interface ScoreComparison {
  /** Customers in both tables. */
  readonly matched: number;
  /** Customer ids in the expected table only, and in the actual table only. */
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** Per column (`p_raw` … `clv`, `ev_<action>`), max |expected − actual| over matched rows; ∞ where one side is NaN/NULL and the other not (both NaN count as equal). */
  readonly maxAbs: Readonly<Record<string, number>>;
  /** The largest of {@link ScoreComparison.maxAbs}. */
  readonly worst: { readonly column: string; readonly value: number };
  /** Rows whose best action differs. */
  readonly bestActionMismatches: readonly { readonly customerId: string; readonly expected: string | null; readonly actual: string | null }[];
}

/** |a − b|, 0 when both are NaN, ∞ when only one is. */
function difference(a: number, b: number): number {
  const na = Number.isNaN(a);
  const nb = Number.isNaN(b);
  if (na || nb) return na && nb ? 0 : Number.POSITIVE_INFINITY;
  return a === b ? 0 : Math.abs(a - b);
}

/**
 * Compares `actual` (the SQL scores) with `expected` (the TypeScript scores) customer by customer,
 * matched by id whatever the row order: max |Δ| per column and the best-action mismatches. Throws
 * when the two tables have different actions or an id repeats.
 */
export function compareScoreTables(expected: ScoreTable, actual: ScoreTable, actionNames: readonly string[]): ScoreComparison {
  if (expected.ev.length !== actionNames.length || actual.ev.length !== actionNames.length) throw new RangeError(`compareScoreTables: expected ${actionNames.length} EV columns, got ${expected.ev.length} and ${actual.ev.length}`);
  const at = new Map<string, number>();
  actual.customerIds.forEach((id, i) => {
    if (at.has(id)) throw new RangeError(`compareScoreTables: customer ${JSON.stringify(id)} appears twice in the actual scores`);
    at.set(id, i);
  });
  const columns: [string, Float64Array, Float64Array][] = [
    ...NUMERIC.map(([name, key]): [string, Float64Array, Float64Array] => [name, expected[key], actual[key]]),
    ...actionNames.map((a, j): [string, Float64Array, Float64Array] => [`ev_${a}`, expected.ev[j]!, actual.ev[j]!]),
  ];
  const maxAbs: Record<string, number> = Object.fromEntries(columns.map(([name]) => [name, 0]));
  const missing: string[] = [];
  const mismatches: { customerId: string; expected: string | null; actual: string | null }[] = [];
  const seen = new Set<string>();
  expected.customerIds.forEach((id, i) => {
    const k = at.get(id);
    if (k === undefined) return void missing.push(id);
    seen.add(id);
    for (const [name, e, a] of columns) maxAbs[name] = Math.max(maxAbs[name]!, difference(e[i]!, a[k]!));
    if (expected.bestAction[i] !== actual.bestAction[k]) mismatches.push({ customerId: id, expected: expected.bestAction[i]!, actual: actual.bestAction[k]! });
  });
  const worst = columns.reduce((w, [name]) => (maxAbs[name]! > w.value ? { column: name, value: maxAbs[name]! } : w), { column: columns[0]![0], value: maxAbs[columns[0]![0]]! });
  return { matched: seen.size, missing, extra: actual.customerIds.filter((id) => !seen.has(id)), maxAbs, worst, bestActionMismatches: mismatches };
}
