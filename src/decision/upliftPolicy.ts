/**
 * The uplift policy: expected value with an estimated per-customer, per-action effect in place of
 * the catalogue's constant success rate, and its backtest beside the constant-effect policy and
 * the oracle, with the gap decomposed into what the churn model's risk costs (ranking) and what the
 * estimated effects cost. Pure functions of plain arrays and the `decision` config section.
 */
import type { DecisionConfig } from "../config/config.js";
import { checkFinite, checkProbabilities } from "../evaluation/checks.js";
import { campaignReplays, type RealisedComparison } from "./backtest.js";
import { checkEligible, contactProfit } from "./expectedValue.js";
import { oracleValues, type OracleAction } from "./oracle.js";

/**
 * Expected value of contacting customer i with action j when the action's effect is given as an
 * uplift, in currency units:
 *
 *   EV_ij = û_ij·CLV_i − [p_i·C_tp,j + (1 − p_i)·C_fp,j]
 *
 * with û_ij = the estimated reduction in P(churn within the effect window) that action j brings
 * customer i (P(churn | no contact) − P(churn | contact)), p_i = P(churn within the window | no
 * contact), C_tp = costIfChurner, C_fp = costIfStayer. The bracket is the expected cost of the
 * contact: a would-be churner costs C_tp, a stayer C_fp, whether or not the action works. It is the
 * constant-effect formula of `expectedValues` rewritten: with the action saving a would-be churner
 * with probability s, the uplift is û = p·s and
 *
 *   p·(s·CLV − C_tp) − (1 − p)·C_fp = p·s·CLV − p·C_tp − (1 − p)·C_fp = û·CLV − [p·C_tp + (1 − p)·C_fp],
 *
 * so û = p·s_j reproduces the constant-effect policy, û = p_true·s_true the oracle (`oracleValues`),
 * and an experiment's estimate of û_ij (or of s_ij, û = p·ŝ) gives the uplift policy. Costs are
 * charged at p_i because C_tp and C_fp are costs of contacting a would-be churner or stayer, which
 * the action does not change. `eligible` (optional, n × A 0/1 from `actionEligibility`) sets
 * −Infinity where an action is not allowed. n × A row-major; û may be negative (the action raises
 * churn) but must be finite and in [−1, 1]. Throws on empty input, length mismatch, p outside
 * [0, 1], non-finite CLV or costs (values quoted). O(n·A), inputs not mutated.
 */
export function upliftValues(pWindow: Float64Array, uplift: Float64Array, clv: Float64Array, actions: readonly OracleAction[], eligible?: Uint8Array): Float64Array {
  const name = "upliftValues";
  const n = pWindow.length;
  const A = actions.length;
  if (n === 0) throw new RangeError(`${name}: empty input (pWindow has length 0)`);
  if (A === 0) throw new RangeError(`${name}: actions is empty`);
  if (clv.length !== n) throw new RangeError(`${name}: pWindow and clv lengths differ (pWindow ${n}, clv ${clv.length})`);
  if (uplift.length !== n * A) throw new RangeError(`${name}: uplift has length ${uplift.length}, expected n × A = ${n} × ${A} = ${n * A}`);
  checkProbabilities(name, "pWindow", pWindow);
  checkFinite(name, "clv", clv);
  for (let k = 0; k < uplift.length; k++) {
    if (!(uplift[k]! >= -1 && uplift[k]! <= 1)) throw new RangeError(`${name}: uplift[${k}] = ${uplift[k]} is not a churn reduction in [-1, 1]`);
  }
  for (const [a, act] of actions.entries()) {
    if (!Number.isFinite(act.costIfChurner) || !Number.isFinite(act.costIfStayer)) throw new RangeError(`${name}: actions[${a}] costs (${act.costIfChurner}, ${act.costIfStayer}) are not finite`);
  }
  if (eligible !== undefined) checkEligible(name, eligible, n * A, `n × A = ${n} × ${A} = ${n * A}`);
  const out = new Float64Array(n * A);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < A; a++) {
      const k = i * A + a;
      const act = actions[a]!;
      // contactProfit(p, −C_tp, C_fp) = −[p·C_tp + (1 − p)·C_fp], the expected cost of the contact.
      out[k] = eligible !== undefined && eligible[k] === 0 ? Number.NEGATIVE_INFINITY : uplift[k]! * clv[i]! + contactProfit(pWindow[i]!, -act.costIfChurner, act.costIfStayer);
    }
  }
  return out;
}

/**
 * The share of would-be churners an action saves, from an estimated uplift û (reduction in churn
 * probability) and the estimated churn probability without the action μ₀ of the same model:
 * ŝ = û / μ₀ = 1 − μ₁/μ₀, clipped to [0, 1] (0 where μ₀ = 0); the relative effect s of the
 * generator's truth and of the constant-effect policy. `uplift` is n × A, `controlProb` n. O(n·A).
 */
export function effectShare(uplift: Float64Array, controlProb: Float64Array): Float64Array {
  const n = controlProb.length;
  if (n === 0 || uplift.length % n !== 0) throw new RangeError(`effectShare: uplift length ${uplift.length} is not a positive multiple of controlProb length ${n}`);
  const A = uplift.length / n;
  const out = new Float64Array(uplift.length);
  for (let i = 0; i < n; i++) {
    const mu0 = controlProb[i]!;
    for (let a = 0; a < A; a++) out[i * A + a] = mu0 > 0 ? Math.min(1, Math.max(0, uplift[i * A + a]! / mu0)) : 0;
  }
  return out;
}

/** The replay rows of {@link upliftPolicyComparison}: n rows, n × A matrices row-major. */
export interface PolicyRows {
  /** Calendar month of each row. */
  readonly month: ArrayLike<number>;
  /** Realised churn within the effect window (0/1). */
  readonly churned: Uint8Array;
  readonly clv: Float64Array;
  /** n × A 0/1 eligibility (`actionEligibility`). */
  readonly eligible: Uint8Array;
  /** p̂: the decision model's calibrated P(churn within the effect window). */
  readonly pModel: Float64Array;
  /** p: the true P(churn within the effect window) (`trueWindowProbability`). */
  readonly pTrue: Float64Array;
  /** s: the true effect per row and action. */
  readonly trueEffect: Float64Array;
  /** ŝ: the estimated effect share per row and action (e.g. {@link effectShare} of an uplift learner). */
  readonly estimatedEffect: Float64Array;
  /** The constant-effect policy's values (`customerValues(…).values`, p̂ and s_j after the band rule); its −Infinity entries (ineligible, outside the band) are barred from every policy that reads p̂. */
  readonly constant: Float64Array;
}

/** Realised backtest profit of one policy and its share of the oracle's, summed over the replayed months (money). */
export interface PolicyOutcome {
  readonly production: number;
  readonly unconstrained: number;
  /** production / oracle production. */
  readonly productionRatio: number;
  /** unconstrained / oracle unconstrained. */
  readonly unconstrainedRatio: number;
}

/**
 * The policies of {@link upliftPolicyComparison}, each EV_ij = p_i·s_ij·CLV_i − [p_i·C_tp + (1 − p_i)·C_fp]
 * ({@link upliftValues} of û = p·s) with a risk p ∈ {p̂ model, p true} and an effect s ∈
 * {s_j constant, ŝ estimated, s true}; the oracle is (p true, s true).
 */
export interface UpliftPolicyComparison {
  /** The replayed calendar months. */
  readonly months: readonly number[];
  /** The oracle's realised profit (p true, s true). */
  readonly oracle: { readonly production: number; readonly unconstrained: number };
  /** The constant-effect policy (p̂, s_j): the production decisions today. */
  readonly constant: PolicyOutcome;
  /** The uplift policy (p̂, ŝ): both parts estimated — gap (c). */
  readonly uplift: PolicyOutcome;
  /** (p̂, s true): what the churn model's ranking alone costs — gap (a). */
  readonly trueEffects: PolicyOutcome;
  /** (p true, ŝ): what the estimated effects alone cost — gap (b). */
  readonly trueRisk: PolicyOutcome;
  /** (p true, s_j): the constant effects with a perfect risk model. */
  readonly trueRiskConstantEffects: PolicyOutcome;
}

/**
 * Replays the constant-effect policy, the uplift policy and the policies that decompose the gap to
 * the oracle as campaigns (`campaignReplays`: the latest `decision.backtestMonths` months, the
 * budget and contact cap, each plan scored by `realisedValue` on the realised labels with the true
 * effects). Policies on p̂ obey the band rule and eligibility of `rows.constant`, those on the true
 * risk eligibility only, as the oracle does. Throws (through the functions it calls) on
 * inconsistent rows. O(policies · replay cost).
 */
export function upliftPolicyComparison(rows: PolicyRows, d: DecisionConfig): UpliftPolicyComparison {
  const { actions } = d;
  const oracle = oracleValues(rows.pTrue, rows.clv, rows.trueEffect, actions, rows.eligible);
  const replay = (values: Float64Array): RealisedComparison => campaignReplays({ month: rows.month, churned: rows.churned, clv: rows.clv, effect: rows.trueEffect, ours: values, oracle }, d);
  const onModelRisk = (s: Float64Array): Float64Array => barred(upliftValues(rows.pModel, upliftOf(rows.pModel, s), rows.clv, actions, rows.eligible), rows.constant);
  const onTrueRisk = (s: Float64Array): Float64Array => upliftValues(rows.pTrue, upliftOf(rows.pTrue, s), rows.clv, actions, rows.eligible);
  const constant = replay(rows.constant);
  return {
    months: constant.months,
    oracle: { production: constant.oracleProduction, unconstrained: constant.oracleUnconstrained },
    constant: outcomeOf(constant),
    uplift: outcomeOf(replay(onModelRisk(rows.estimatedEffect))),
    trueEffects: outcomeOf(replay(onModelRisk(rows.trueEffect))),
    trueRisk: outcomeOf(replay(onTrueRisk(rows.estimatedEffect))),
    trueRiskConstantEffects: outcomeOf(replay(onTrueRisk(constantEffects(rows.pTrue.length, d)))),
  };
}

/** `values` with −Infinity wherever `reference` is −Infinity (the band rule and eligibility of the constant-effect policy); mutates and returns `values`. */
function barred(values: Float64Array, reference: Float64Array): Float64Array {
  for (let k = 0; k < values.length; k++) if (reference[k] === Number.NEGATIVE_INFINITY) values[k] = Number.NEGATIVE_INFINITY;
  return values;
}

/**
 * The uplift policy's values of n customers for the live decisions: EV with û = p̂·ŝ
 * ({@link upliftValues}, `effect` = the estimated effect shares ŝ, n × A), and −Infinity wherever
 * the constant-effect `constantValues` are (eligibility and the probability band stay the same).
 */
export function upliftPolicyValues(pWindow: Float64Array, clv: Float64Array, effect: Float64Array, actions: readonly OracleAction[], constantValues: Float64Array): Float64Array {
  return barred(upliftValues(pWindow, upliftOf(pWindow, effect), clv, actions), constantValues);
}

/** û = p·s per row and action (n × A). */
function upliftOf(p: Float64Array, s: Float64Array): Float64Array {
  const A = s.length / p.length;
  return Float64Array.from(s, (v, k) => p[Math.floor(k / A)]! * v);
}

/** The catalogue's success rates s_j repeated for n rows (n × A). */
function constantEffects(n: number, d: DecisionConfig): Float64Array {
  const A = d.actions.length;
  return Float64Array.from({ length: n * A }, (_, k) => d.actions[k % A]!.successRate);
}

/** The policy's part of a replay. */
function outcomeOf(r: RealisedComparison): PolicyOutcome {
  return { production: r.production, unconstrained: r.unconstrained, productionRatio: r.productionRatio, unconstrainedRatio: r.unconstrainedRatio };
}
