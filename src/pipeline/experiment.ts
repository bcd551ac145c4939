/**
 * The experiment stage (synthetic data only): a randomised retention campaign at calendar month
 * `experiment.month` whose outcomes are drawn from the generator's true hazard and action effects,
 * its per-arm analysis (ATE, power, the peeking warning), uplift learners trained on it and scored
 * on a held-out half, and the uplift policy built from them replayed in the backtest beside the
 * constant-effect policy and the oracle. Pure and seeded: every draw comes from the `experiment`
 * random stream of the config's seed.
 */
import type { Config, DecisionConfig } from "../config/config.js";
import type { ChurnHistory } from "../data/history.js";
import { customerValues } from "../decision/campaign.js";
import { bestActions } from "../decision/expectedValue.js";
import { backtestInputs, monthlyChargesAt, trueEffectAt } from "../decision/inputs.js";
import { trueWindowProbability } from "../decision/oracle.js";
import { effectShare, upliftPolicyComparison, type PolicyRows, type UpliftPolicyComparison } from "../decision/upliftPolicy.js";
import type { CalibratedModel } from "../evaluation/outOfFoldModels.js";
import { assignTreatment } from "../experiments/assignment.js";
import { peekingFalsePositiveRate, type PeekingResult } from "../experiments/peeking.js";
import { armContrast, armEffects, drawExperiment, type ArmEffect, type DrawOptions, type ExperimentDraw, type ExperimentPopulation } from "../experiments/simulate.js";
import { TLearner, type ClassifierFactory } from "../experiments/tLearner.js";
import { upliftScores, type UpliftScores } from "../experiments/upliftScores.js";
import { XLearner } from "../experiments/xLearner.js";
import { preprocessedDesign, type FittedDesign } from "../features/design.js";
import type { FeatureFrame } from "../features/frame.js";
import { LogisticRegression } from "../models/logisticRegression.js";
import type { Panel } from "../panel/panel.js";
import { scoreRows } from "../serving/score.js";
import { loadScoringModel } from "../serving/scoringModel.js";
import { gather } from "../util/gather.js";
import { streamSeed } from "../util/streams.js";
import type { Evaluation } from "./evaluate.js";
import type { ScoredCustomers } from "./score.js";

/** Sub-streams of the `experiment` random stream. */
const SEED = { assignment: 0, outcomes: 1, peeking: 2, holdout: 3 } as const;
/** Share of the experiment's customers held out to score the uplift learners (a seeded split by customer). */
const HOLDOUT_SHARE = 0.5;

/** One action arm's uplift learner scored on the held-out customers of that arm and control. */
export interface ArmUplift {
  readonly action: string;
  /** The learner's predicted churn reduction, scored with scikit-uplift's metrics (y = retained). */
  readonly learned: UpliftScores;
  /** The true uplift p⁰·s ranked the same way on the same customers: the ceiling these outcomes allow. */
  readonly truth: UpliftScores;
}

/** The uplift learners of the experiment. */
export interface ExperimentUplift {
  /** "t" or "x" (config `experiment.learner`), logistic base learners. */
  readonly learner: "t" | "x";
  /** Customers used to fit, and held out to score (a seeded half split of the experiment's customers). */
  readonly trainCustomers: number;
  readonly holdoutCustomers: number;
  readonly arms: readonly ArmUplift[];
}

/** An action arm's analysis with the action's name. */
export interface NamedArmEffect extends ArmEffect {
  readonly name: string;
}

/** Everything the experiment stage produces, JSON-ready apart from the typed arrays. */
export interface ExperimentResult {
  /** Calendar month of assignment; outcomes are churn within `effectMonths` after it. */
  readonly month: number;
  readonly effectMonths: number;
  readonly scope: "everyone" | "targeted";
  readonly armShare: number;
  /** Panel rows of the experiment's customers (their rows at `month`), ascending. */
  readonly rows: Uint32Array;
  /** Arm per customer: 0 = control, j + 1 = action j (order of `decision.actions`). */
  readonly arm: Uint8Array;
  /** Simulated churn within the window per customer (0/1). */
  readonly churned: Uint8Array;
  /** Per action arm against control: estimated and true ATE, interval, test, sample size and power. */
  readonly arms: readonly NamedArmEffect[];
  /** The peeking demonstration: A/A experiments of the size of control + one arm at the control base rate. */
  readonly peeking: PeekingResult;
  readonly uplift: ExperimentUplift;
  /** The constant-effect and uplift policies' realised backtest profit, the oracle's, and the decomposition. */
  readonly policy: UpliftPolicyComparison;
}

/**
 * Why the experiment cannot run on this data and config, or null when it can: disabled, real data
 * (no true hazard or effects), a month outside the data, or an action the truth does not know.
 */
export function experimentSkipReason(panel: Panel, config: Config): string | null {
  const { enabled, month } = config.experiment;
  const { history } = panel;
  if (!enabled) return "experiment.enabled is false";
  if (!history.truth) return "real data: outcomes need the true hazard and action effects, which only the synthetic generator knows";
  if (month > history.periods - 1) return `experiment.month ${month} is after the last month of the data (${history.periods - 1})`;
  if (trueEffectAt(history, config.decision.actions, new Uint32Array(0)) === null) return `the synthetic truth (actions ${history.truth.actionNames.join(", ")}) lacks an effect for some action of decision.actions`;
  return null;
}

/**
 * The experiment stage: null (see {@link experimentSkipReason}) or the experiment at
 * `experiment.month` on its population (every active customer, or those the constant-effect
 * policy would contact), its analysis, the uplift learners and the policy comparison.
 */
export function experimentStage(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, scored: ScoredCustomers, onShare?: (share: number) => void): ExperimentResult | null {
  if (experimentSkipReason(panel, config) !== null) return null;
  const e = config.experiment;
  const rows = experimentRows(panel, frame, config, scored);
  const population = experimentPopulation(panel.history, rows, config.decision);
  const draw = drawExperiment(population, experimentDrawOptions(config));
  const arms = armEffects(population, draw, e).map((a) => ({ ...a, name: config.decision.actions[a.action]!.name }));
  const peek = peeking(arms[0]!, config);
  onShare?.(0.2);
  const uplift = experimentUplift(frame, config, rows, draw, population);
  onShare?.(0.4);
  const policy = policyComparison(panel, frame, config, evaluation, scored, { rows, draw });
  onShare?.(1);
  return { month: e.month, effectMonths: config.decision.effectMonths, scope: e.scope, armShare: e.armShare, rows, arm: draw.arm, churned: draw.churned, arms, peeking: peek, uplift, policy };
}

/** The arm share and the seeds of the experiment's draw: the assignment and outcome sub-streams of the `experiment` stream of `config.seed`. */
export function experimentDrawOptions(config: Config): DrawOptions {
  return { armShare: config.experiment.armShare, assignmentSeed: experimentSeed(config, "assignment"), outcomeSeed: experimentSeed(config, "outcomes") };
}

/** The seed of one sub-stream of the experiment. */
function experimentSeed(config: Config, name: keyof typeof SEED): number {
  return streamSeed(config.seed, "experiment", SEED[name]);
}

/** Panel rows at calendar month `month` (the customers active then), ascending. */
function monthRows(panel: Panel, month: number): Uint32Array {
  const period = panel.history.months.period;
  const out: number[] = [];
  for (let r = 0; r < period.length; r++) if (period[r] === month) out.push(r);
  return Uint32Array.from(out);
}

/**
 * The experiment's customers: the panel rows at `experiment.month` (every customer active then),
 * narrowed in scope "targeted" to those the constant-effect policy would contact (a positive value
 * for some action, as the served model `scored.scoringModel` values them through `scoreRows`).
 * That model was fitted on every labelled row, month M's included; harmless here, since the
 * experiment's outcomes are drawn afresh from the truth, not taken from the labels it saw.
 */
export function experimentRows(panel: Panel, frame: FeatureFrame, config: Config, scored: ScoredCustomers): Uint32Array {
  const rows = monthRows(panel, config.experiment.month);
  if (config.experiment.scope === "everyone") return rows;
  const scores = scoreRows(loadScoringModel(scored.scoringModel), { frame, rows, monthlyCharges: monthlyChargesAt(panel.history, rows) }, 0);
  const best = bestActions(scores.values.values, config.decision.actions.length);
  return rows.filter((_, i) => best[i]! >= 0);
}

/**
 * The truth of the customers at month rows `rows` of a synthetic history, as an experiment
 * population: p⁰ = P(churn within `decision.effectMonths`) from the row's true hazard
 * (`trueWindowProbability`), s = the true effect of each action of `decision.actions`
 * (`trueEffectAt`), unit = the customer's index (its outcome stream). Throws when the history has
 * no truth or the truth lacks an action.
 */
export function experimentPopulation(history: ChurnHistory, rows: Uint32Array, decision: DecisionConfig): ExperimentPopulation {
  const effect = trueEffectAt(history, decision.actions, rows);
  if (!history.truth || !effect) throw new RangeError(`experimentPopulation: the history (${history.name}) has no true effect for every action of decision.actions`);
  return {
    controlProb: trueWindowProbability(gather(history.truth.hazard, rows), decision.effectMonths),
    effect,
    actions: decision.actions.length,
    unit: gather(history.months.customer, rows),
  };
}

/** The peeking demonstration sized like the first arm's comparison (control + arm, the arm's share), at its planned base rate. */
function peeking(arm: ArmEffect, config: Config): PeekingResult {
  const { controlN, treatedN } = arm.estimate;
  const e = config.experiment;
  return peekingFalsePositiveRate({ n: controlN + treatedN, looks: e.looks, alpha: e.alpha, baseRate: arm.baseRate, simulations: e.simulations, seed: experimentSeed(config, "peeking"), ratio: treatedN / (controlN + treatedN) });
}

/** A learner of the config (`experiment.learner`) with logistic base learners of `models.logistic`. */
function upliftLearner(config: Config): TLearner | XLearner {
  const baseLearner = logisticFactory(config);
  return config.experiment.learner === "t" ? new TLearner({ baseLearner }) : new XLearner({ baseLearner, ridge: config.experiment.xLearnerRidge });
}

/** Fresh logistic regressions with the options of `models.logistic`. */
function logisticFactory(config: Config): ClassifierFactory {
  const { C, tol, maxIter } = config.models.logistic;
  return () => new LogisticRegression({ C, tol, maxIter });
}

/** Experiment positions 0..n−1 split by a seeded complete randomisation into a training part and a held-out part ({@link HOLDOUT_SHARE}). */
function holdoutSplit(n: number, config: Config): { readonly train: Uint32Array; readonly holdout: Uint32Array } {
  const flag = assignTreatment(n, HOLDOUT_SHARE, experimentSeed(config, "holdout"));
  const positions = Uint32Array.from({ length: n }, (_, i) => i);
  return { train: positions.filter((i) => flag[i] === 0), holdout: positions.filter((i) => flag[i] === 1) };
}

/** Per action arm, the learner fitted on the training customers of that arm and control (design fitted on all training customers) and scored on the held-out ones. */
function experimentUplift(frame: FeatureFrame, config: Config, rows: Uint32Array, draw: ExperimentDraw, population: ExperimentPopulation): ExperimentUplift {
  const { train, holdout } = holdoutSplit(rows.length, config);
  const design = preprocessedDesign().fit(frame, gather(rows, train));
  const A = population.actions;
  const arms = config.decision.actions.map((action, j) => {
    const fitted = fitArm(design, config, rows, draw, j, train);
    const test = armContrast(draw.arm, j, holdout);
    const churned = gather(draw.churned, test.index);
    const trueUplift = Float64Array.from(test.index, (i) => population.controlProb[i]! * population.effect[i * A + j]!);
    const k = config.experiment.upliftK;
    return { action: action.name, learned: upliftScores(churned, fitted.predictEffect(design.transform(gather(rows, test.index))), test.treatment, k), truth: upliftScores(churned, trueUplift, test.treatment, k) };
  });
  return { learner: config.experiment.learner, trainCustomers: train.length, holdoutCustomers: holdout.length, arms };
}

/** The configured learner fitted on the customers `within` (positions, increasing) of action j's arm and control. */
function fitArm(design: FittedDesign, config: Config, rows: Uint32Array, draw: ExperimentDraw, j: number, within?: Uint32Array): TLearner | XLearner {
  const part = armContrast(draw.arm, j, within);
  return upliftLearner(config).fit(design.transform(gather(rows, part.index)), gather(draw.churned, part.index), part.treatment);
}

/** The estimated effect shares ŝ (customers × actions) of the active customers (`panel.scoring`), learned from the whole experiment: what the uplift policy's live decisions use. */
export function activeEffectShares(panel: Panel, frame: FeatureFrame, config: Config, experiment: Pick<ExperimentResult, "rows" | "arm" | "churned">): Float64Array {
  return estimatedEffects(frame, config, { rows: experiment.rows, draw: { arm: experiment.arm, churned: experiment.churned } }, panel.scoring);
}

/**
 * Estimated effect shares ŝ (n × A) at `targetRows` from learners fitted on every experiment
 * customer: per arm the learner's uplift û, divided by the control model's μ₀ (`effectShare`).
 */
function estimatedEffects(frame: FeatureFrame, config: Config, experiment: { readonly rows: Uint32Array; readonly draw: ExperimentDraw }, targetRows: Uint32Array): Float64Array {
  const { rows, draw } = experiment;
  const design = preprocessedDesign().fit(frame, rows);
  const X = design.transform(targetRows);
  const A = config.decision.actions.length;
  const uplift = new Float64Array(targetRows.length * A);
  for (let j = 0; j < A; j++) {
    const effect = fitArm(design, config, rows, draw, j).predictEffect(X);
    for (let i = 0; i < effect.length; i++) uplift[i * A + j] = effect[i]!;
  }
  const control = Uint32Array.from(rows.keys()).filter((i) => draw.arm[i] === 0);
  const mu0 = logisticFactory(config)().fit(design.transform(gather(rows, control)), gather(draw.churned, control)).predictProba(X);
  return effectShare(uplift, mu0);
}

/**
 * The backtest rows of the campaign replays (the decision model's calibrated out-of-fold rows of
 * the latest `decision.backtestMonths` months with an observed effect window, values as `decide`
 * computes them over all backtest rows) with the true and the estimated effects, and the policies
 * replayed on them (`upliftPolicyComparison`).
 */
function policyComparison(panel: Panel, frame: FeatureFrame, config: Config, evaluation: Evaluation, scored: ScoredCustomers, experiment: { readonly rows: Uint32Array; readonly draw: ExperimentDraw }): UpliftPolicyComparison {
  const d = config.decision;
  const predictions = evaluation.outOfFold.get(scored.model);
  if (!predictions) throw new RangeError(`experimentStage: no out-of-fold predictions for model "${scored.model}"`);
  const past = backtestInputs(panel, frame, { rows: predictions.oof.rows, ...predictions.calibrated }, d.actions, d.effectMonths);
  const ours = customerValues(past, d);
  const months = Array.from(new Set(Array.from(past.month))).sort((a, b) => a - b).slice(-d.backtestMonths);
  const keep = Uint32Array.from({ length: past.month.length }, (_, k) => k).filter((k) => months.includes(past.month[k]!));
  const A = d.actions.length;
  const rows: PolicyRows = {
    month: Int16Array.from(keep, (k) => past.month[k]!),
    churned: gather(past.churned, keep),
    clv: gather(ours.clv, keep),
    eligible: gather(past.eligible, keep, A),
    pModel: gather(ours.pWindow, keep),
    pTrue: trueWindowProbability(gather(past.truth!.hazard, keep), d.effectMonths),
    trueEffect: gather(past.truth!.effect!, keep, A),
    estimatedEffect: estimatedEffects(frame, config, experiment, gather(backtestPanelRows(panel, predictions, d.effectMonths), keep)),
    constant: gather(ours.values, keep, A),
  };
  return upliftPolicyComparison(rows, d);
}

/** The panel rows of `backtestInputs`' entries, in its order: calibrated out-of-fold rows whose effect window of `effectMonths` lies inside the data. */
function backtestPanelRows(panel: Panel, predictions: CalibratedModel, effectMonths: number): Uint32Array {
  const { months, periods } = panel.history;
  const rows = Uint32Array.from(predictions.calibrated.evaluated, (i) => predictions.oof.rows[i]!);
  return rows.filter((r) => months.period[r]! + effectMonths <= periods - 1);
}
