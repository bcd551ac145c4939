/**
 * The fitted decision model as one SQL query: a scoring model document (`ScoringModel`) becomes a
 * single SELECT over one month of the offline Parquet store that returns, per customer, what
 * `scoreRows` computes (raw and calibrated probability, P(churn next month) and within the action
 * window, CLV, EV per action, the best action). Pure: text in, text out; the dialect table
 * (`dialect.ts`) holds every difference between DuckDB and Spark SQL.
 *
 * Layout: `store_rows` (the month's rows, NULL doubles made NaN, as the TypeScript reader does) →
 * `design` (the design columns `x_j` and the eligibility flags) → the estimator (for gradient
 * boosting, groups of trees: a CTE that adds one column per tree, then a CTE that adds them to the
 * running margin in boosting order) → `raw_score` → the calibrator's stages → the decision stages →
 * the final SELECT. Every stage only adds columns, so no expression inlines another and each CTE
 * stays small however many trees there are.
 */
import type { ScoringModel } from "../serving/scoringModel.js";
import { CHARGES_COLUMN, KEY_COLUMN, MONTH_COLUMN } from "../store/schema.js";
import { calibrationSql } from "./calibration.js";
import { bestActionSql, DECISION_COLUMNS, decisionStages, eligibilitySql } from "./decision.js";
import { designSql } from "./design.js";
import { globCharacterOf, type SqlDialect } from "./dialect.js";
import { estimatorSql } from "./estimator.js";
import { doubleLiteral, integerLiteral } from "./literal.js";
import { sigmoidSql } from "./logistic.js";
import type { SqlColumn, SqlStage } from "./stage.js";

/** Options of {@link scoringQuery}. */
export interface ScoringQueryOptions {
  readonly dialect: SqlDialect;
  /** The offline store's root folder as the engine will read it (a local path, `s3://…`, `abfss://…`); partitions are `<root>/month=NNNN/part-0.parquet`. */
  readonly storeRoot: string;
  /** The calendar month whose active customers are scored (the store's `month=NNNN` partition). */
  readonly month: number;
  /** Terms (trees, or logistic products) summed per CTE; default {@link DEFAULT_TERMS_PER_STAGE}. */
  readonly termsPerStage?: number;
  /** Comment lines put at the top of the query (what model, which version). */
  readonly comment?: readonly string[];
}

/** Trees (or linear terms) per CTE when not given: 50 trees of up to 31 leaves make a CTE of about 130 kB. */
export const DEFAULT_TERMS_PER_STAGE = 50;

/** The query and what it is made of. */
export interface ScoringQuery {
  readonly sql: string;
  /** The output columns, in order: `customer_id`, `p_raw`, `p_calibrated`, `p_churn_next_month`, `p_churn_action_window`, `clv`, `ev_<action>`…, `best_action`. */
  readonly columns: readonly string[];
  /** The store columns the query reads besides the key, month and charges. */
  readonly reads: { readonly numeric: readonly string[]; readonly categorical: readonly string[] };
  /** Trees written (0 for other models). */
  readonly trees: number;
  /** CTEs in the WITH clause. */
  readonly ctes: number;
}

/** The output columns of the query for the actions `actionNames` (see {@link ScoringQuery.columns}). */
export function scoringQueryColumns(actionNames: readonly string[]): string[] {
  return ["customer_id", "p_raw", "p_calibrated", "p_churn_next_month", "p_churn_action_window", "clv", ...actionNames.map((a) => `ev_${a}`), "best_action"];
}

/** A comment line that cannot end early or hide SQL: control characters and line separators become spaces. */
function commentLine(text: string): string {
  return `-- ${text.replace(/[\p{Cc}\p{Zl}\p{Zp}]/gu, " ")}`.trimEnd();
}

/** `name AS (SELECT …)` with one column per line. */
function cte(name: string, select: readonly string[], from: string, where?: string): string {
  return `${name} AS (\n  SELECT\n    ${select.join(",\n    ")}\n  FROM ${from}${where === undefined ? "" : `\n  WHERE ${where}`}\n)`;
}

/** A stage's CTE: everything of `from` plus the stage's columns. */
function stageCte(name: string, stage: SqlStage, from: string): string {
  return cte(name, ["*", ...stage.map((c: SqlColumn) => `${c.expr} AS ${c.name}`)], from);
}

/**
 * The scoring query of `model` over month `options.month` of the store at `options.storeRoot` (see
 * the module comment). The numbers are those of `scoreRows` on the same rows: the same design,
 * estimator, calibrator and decision arithmetic in the same order, with every constant printed so
 * that it reads back as the same double. Throws a RangeError for a model without an SQL form (the
 * random forest), a bad `termsPerStage`, a store root with glob characters, action names equal but
 * for case, or eligibility rules that do not match the signature.
 */
export function scoringQuery(model: ScoringModel, options: ScoringQueryOptions): ScoringQuery {
  const d = options.dialect;
  const group = options.termsPerStage ?? DEFAULT_TERMS_PER_STAGE;
  if (!Number.isSafeInteger(group) || group < 1) throw new RangeError(`scoringQuery: termsPerStage must be an integer >= 1, got ${group}`);
  const byLowerCase = new Map<string, string>();
  for (const a of model.decision.actions) {
    const other = byLowerCase.get(a.name.toLowerCase());
    if (other !== undefined) throw new RangeError(`scoringQuery: actions "${other}" and "${a.name}" would both be column ev_${a.name.toLowerCase()} (SQL names ignore case)`);
    byLowerCase.set(a.name.toLowerCase(), a.name);
  }
  const glob = globCharacterOf(options.storeRoot);
  if (glob !== null) throw new RangeError(`scoringQuery: storeRoot ${JSON.stringify(options.storeRoot)} holds the glob character "${glob}", which the engine would expand`);
  const design = designSql(model.design, d);
  const actions = model.decision.actions;
  const eligible = eligibilitySql(actions, model.signature, d);
  const x = (j: number): string => `x_${j}`;
  const levels = (j: number): readonly string[] => (model.design.kind === "segment" ? model.design.levels[j]! : []);
  const estimator = estimatorSql(model.estimator, x, levels, d);

  const categorical = [...design.categorical];
  for (const a of actions) for (const r of a.eligible) if (!categorical.includes(r.feature)) categorical.push(r.feature);
  const nan = doubleLiteral(Number.NaN);
  const ctes: string[] = [];
  const q = (name: string): string => d.identifier(name);
  ctes.push(
    cte(
      "store_rows",
      [`${q(KEY_COLUMN)} AS customer_id`, `COALESCE(${q(CHARGES_COLUMN)}, ${nan}) AS monthly_charges`, ...design.numeric.map((n) => `COALESCE(${q(n)}, ${nan}) AS ${q(n)}`), ...categorical.map((n) => q(n))],
      d.monthSource(options.storeRoot, options.month),
      `${q(MONTH_COLUMN)} = ${integerLiteral(options.month)}`,
    ),
  );
  const flags = eligible.flatMap((e, j) => (e === null ? [] : [`(CASE WHEN ${e} THEN 1 ELSE 0 END) AS ${DECISION_COLUMNS.eligible(j)}`]));
  ctes.push(cte("design", ["customer_id", "monthly_charges", ...flags, ...design.exprs.map((e, j) => `${e} AS ${x(j)}`)], "store_rows"));

  let from = "design";
  let rawExpr: string;
  if (estimator.kind === "probability") rawExpr = estimator.expr;
  else {
    const { terms } = estimator;
    const groups = Math.max(1, Math.ceil(terms.length / group));
    let margin = doubleLiteral(estimator.base);
    for (let g = 0; g < groups; g++) {
      const first = g * group;
      const part = terms.slice(first, first + group);
      let addends = part;
      if (estimator.trees && part.length > 0) {
        ctes.push(stageCte(`trees_${g + 1}`, part.map((t, k) => ({ name: `t_${first + k}`, expr: t })), from));
        from = `trees_${g + 1}`;
        addends = part.map((_, k) => `t_${first + k}`);
      }
      ctes.push(stageCte(`margin_${g + 1}`, [{ name: `m_${g + 1}`, expr: [margin, ...addends].join(" + ") }], from));
      from = `margin_${g + 1}`;
      margin = `m_${g + 1}`;
    }
    rawExpr = sigmoidSql(margin);
  }
  ctes.push(stageCte("raw_score", [{ name: "p_raw", expr: rawExpr }], from));
  from = "raw_score";
  const stages: [string, SqlStage][] = [
    ...calibrationSql(model.calibrator, "p_raw", DECISION_COLUMNS.calibrated, d).map((s, k): [string, SqlStage] => [`calibrate_${k + 1}`, s]),
    ...decisionStages(model, eligible, d).map((s, k): [string, SqlStage] => [`decide_${k + 1}`, s]),
  ];
  for (const [name, stage] of stages) {
    ctes.push(stageCte(name, stage, from));
    from = name;
  }

  const columns = scoringQueryColumns(actions.map((a) => a.name));
  const select = [
    "customer_id",
    "p_raw",
    DECISION_COLUMNS.calibrated,
    DECISION_COLUMNS.pMonth,
    DECISION_COLUMNS.pWindow,
    DECISION_COLUMNS.clv,
    ...actions.map((a, j) => `${DECISION_COLUMNS.ev(j)} AS ${q(`ev_${a.name}`)}`),
    `${bestActionSql(actions, d)} AS best_action`,
  ];
  const header = [
    ...(options.comment ?? []),
    `dialect ${d.name}; month ${options.month}; model ${model.model}; calibrator ${model.calibrator.kind}; design columns:`,
    ...design.names.map((n, j) => `  ${x(j)} = ${n}`),
  ].map(commentLine);
  const sql = `${header.join("\n")}\nWITH\n${ctes.join(",\n")}\nSELECT\n  ${select.join(",\n  ")}\nFROM ${from}\nORDER BY customer_id;\n`;
  return { sql, columns, reads: { numeric: design.numeric, categorical }, trees: estimator.kind === "margin" && estimator.trees ? estimator.terms.length : 0, ctes: ctes.length };
}
