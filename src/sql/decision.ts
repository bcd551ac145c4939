/**
 * The decision values of `customerValues` (`src/decision/campaign.ts`, `clv.ts`,
 * `expectedValue.ts`) as SQL: from the calibrated probability to P(churn next month), P(churn
 * within the action window), CLV, the EV of each action (NULL where not eligible or outside the
 * probability band, as `batch_scores.parquet` writes it) and the best action (NULL when none pays).
 */
import type { DecisionConfig, RetentionAction } from "../config/config.js";
import type { FeatureSignature } from "../serving/scoringModel.js";
import type { SqlDialect } from "./dialect.js";
import { doubleLiteral } from "./literal.js";
import type { SqlStage } from "./stage.js";

/** The decision inputs of the scoring model document. */
export interface DecisionInputs {
  readonly decision: DecisionConfig;
  /** Label horizon h of the calibrated probability (months). */
  readonly horizon: number;
  /** The stored portfolio hazard (the CLV hazard in "portfolio" mode). */
  readonly portfolioHazard: number;
  readonly signature: FeatureSignature;
}

/** Internal column names the decision stages read and write. */
export const DECISION_COLUMNS = {
  calibrated: "p_calibrated",
  charges: "monthly_charges",
  pMonth: "p_churn_next_month",
  pWindow: "p_churn_action_window",
  clv: "clv",
  /** The EV of action j (NULL where it does not count). */
  ev: (j: number): string => `ev_${j}`,
  /** 1 where action j is eligible, 0 where not (only for actions with rules). */
  eligible: (j: number): string => `elig_${j}`,
} as const;

const C = DECISION_COLUMNS;
const NEG_INF = doubleLiteral(Number.NEGATIVE_INFINITY);

/** Math.log1p(−p) for a probability column p, −∞ at p = 1 (where DuckDB's ln fails and Spark's log1p is NULL). */
function log1pNegated(p: string, d: SqlDialect): string {
  return `(CASE WHEN ${p} = 1.0E0 THEN ${NEG_INF} ELSE ${d.log1p(`(-${p})`)} END)`;
}

/**
 * Per action, the SQL condition of its eligibility rules over the raw categorical columns (every
 * rule holds: the row's level is one of the rule's values), or null for an action without rules.
 * Throws, as `actionEligibility` does, when a rule names a feature that is not a categorical feature
 * of the signature or a value that is not one of its levels.
 */
export function eligibilitySql(actions: readonly RetentionAction[], signature: FeatureSignature, d: SqlDialect): (string | null)[] {
  return actions.map((a) => {
    if (a.eligible.length === 0) return null;
    return a.eligible
      .map((rule) => {
        const feature = signature.categorical.find((c) => c.name === rule.feature);
        if (!feature) throw new RangeError(`eligibilitySql: action "${a.name}" has an eligibility rule on feature "${rule.feature}", which is not a categorical feature of the model's signature`);
        for (const v of rule.values) {
          if (!feature.levels.includes(v)) throw new RangeError(`eligibilitySql: action "${a.name}" rule on feature "${rule.feature}" allows value ${JSON.stringify(v)}, which is not a level (levels ${JSON.stringify(feature.levels)})`);
        }
        return `${d.identifier(rule.feature)} IN (${rule.values.map((v) => d.string(v)).join(", ")})`;
      })
      .join(" AND ");
  });
}

/**
 * The stages from `p_calibrated` (and `monthly_charges`, `elig_j`) to `p_churn_next_month`,
 * `p_churn_action_window`, `clv` and `ev_j`, each formula written in the TypeScript order:
 * p_month = −expm1(log1p(−p)/h) (p itself when h = 1), p_window = −expm1(log1p(−p_month)·W);
 * CLV = m·q·(1 − q^H)/(1 − q) as m·e^{ln q}·(expm1(H·ln q)/expm1(ln q)) with m = margin·charges and
 * ln q = log1p(−hazard) − ln(1 + a)/12 (H·m when ln q = 0) — in "portfolio" mode the hazard is the
 * stored constant, so e^{ln q} and the ratio are computed here in double precision, exactly as
 * TypeScript computes them; EV_j = p·(s·CLV − C_tp) − (1 − p)·C_fp where the action is eligible
 * and p_window is inside `probabilityBand` (a NaN p counts as inside, as in TypeScript), NULL elsewhere.
 */
export function decisionStages(inputs: DecisionInputs, eligible: readonly (string | null)[], d: SqlDialect): SqlStage[] {
  const { decision, horizon } = inputs;
  const stages: SqlStage[] = [];
  if (horizon === 1) stages.push([{ name: C.pMonth, expr: C.calibrated }]);
  else {
    stages.push([{ name: "log_survive_horizon", expr: log1pNegated(C.calibrated, d) }]);
    stages.push([{ name: C.pMonth, expr: `(-${d.expm1(`(log_survive_horizon / ${doubleLiteral(horizon)})`)})` }]);
  }
  stages.push([{ name: "log_survive_month", expr: log1pNegated(C.pMonth, d) }]);
  stages.push([{ name: C.pWindow, expr: `(-${d.expm1(`(log_survive_month * ${doubleLiteral(decision.effectMonths)})`)})` }]);
  stages.push(...clvStages(inputs, d));
  const p = C.pWindow;
  const band = decision.probabilityBand;
  stages.push([{ name: "in_band", expr: `(isnan(${p}) OR NOT (${p} < ${doubleLiteral(band.min)} OR ${p} > ${doubleLiteral(band.max)}))` }]);
  stages.push(
    decision.actions.map((a, j) => {
      const gain = `${doubleLiteral(a.successRate)} * ${C.clv} - ${doubleLiteral(a.costIfChurner)}`;
      const ev = `${p} * (${gain}) - (1.0E0 - ${p}) * ${doubleLiteral(a.costIfStayer)}`;
      const counts = eligible[j] === null ? "in_band" : `in_band AND ${C.eligible(j)} = 1`;
      return { name: C.ev(j), expr: `(CASE WHEN ${counts} THEN ${ev} END)` };
    }),
  );
  return stages;
}

/** The CLV stages (see {@link decisionStages}); `customerLifetimeValue`'s arithmetic. */
function clvStages(inputs: DecisionInputs, d: SqlDialect): SqlStage[] {
  const { decision } = inputs;
  const H = decision.clvHorizonMonths;
  const logD = -Math.log1p(decision.annualDiscountRate) / 12;
  const m = `(${doubleLiteral(decision.marginRate)} * ${C.charges})`;
  if (decision.clvHazard === "portfolio") {
    const logQ = Math.log1p(-inputs.portfolioHazard) + logD;
    const expr = logQ === 0 ? `${doubleLiteral(H)} * ${m}` : `${m} * ${doubleLiteral(Math.exp(logQ))} * ${doubleLiteral(Math.expm1(H * logQ) / Math.expm1(logQ))}`;
    return [[{ name: C.clv, expr }]];
  }
  return [
    [{ name: "clv_log_q", expr: `log_survive_month + ${doubleLiteral(logD)}` }],
    [{ name: C.clv, expr: `(CASE WHEN clv_log_q = 0.0E0 THEN ${doubleLiteral(H)} * ${m} ELSE ${m} * exp(clv_log_q) * (${d.expm1(`(${doubleLiteral(H)} * clv_log_q)`)} / ${d.expm1("clv_log_q")}) END)` }],
  ];
}

/**
 * The best action as `bestActions(values, A, { floor: 0 })` picks it: the action with the highest
 * EV above 0, the first in catalogue order on ties, NULL when none pays. A NaN never wins and never
 * blocks another action (SQL would rank it above every number). Returns a CASE over `ev_j`.
 */
export function bestActionSql(actions: readonly RetentionAction[], d: SqlDialect): string {
  const valid = (j: number): string => `${C.ev(j)} IS NOT NULL AND NOT isnan(${C.ev(j)})`;
  const whens = actions.map((a, j) => {
    const beats = actions.flatMap((_, k) => (k === j ? [] : [`(${C.ev(k)} IS NULL OR isnan(${C.ev(k)}) OR ${C.ev(j)} >= ${C.ev(k)})`]));
    return `WHEN ${[valid(j), `${C.ev(j)} > 0.0E0`, ...beats].join(" AND ")} THEN ${d.string(a.name)}`;
  });
  return `(CASE ${whens.join(" ")} END)`;
}
