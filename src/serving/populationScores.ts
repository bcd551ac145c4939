/**
 * Scoring a population too big for one feature frame: chunk by chunk, each chunk's panel and frame
 * built, its active customers scored through the scoring document ({@link scoreRows}) and dropped
 * before the next, keeping per active customer only the id, the calibrated probability, the monthly
 * charges and the action eligibility (float64: they feed EVs that must equal the SQL export's).
 */
import type { FeatureConfig, RetentionAction } from "../config/config.js";
import type { ChurnHistory } from "../data/history.js";
import type { PopulationSource } from "../data/population.js";
import { eligibilityAt, monthlyChargesAt } from "../decision/inputs.js";
import { buildFeatureFrame } from "../features/build.js";
import { frameFeatureValues, type FeatureFrame } from "../features/frame.js";
import { buildPanel, type Panel } from "../panel/panel.js";
import { gather } from "../util/gather.js";
import { scoreRows, type RowScores } from "./score.js";
import type { ScoringRuntime } from "./scoringModel.js";

/** What scoring needs to know about the data: the feature settings, the label horizon, the action catalogue. */
export interface PopulationScoringOptions {
  readonly features: FeatureConfig;
  readonly horizon: number;
  readonly actions: readonly RetentionAction[];
}

/** Every active customer of a population, in chunk order, and the population's label counts. */
export interface PopulationScores {
  readonly ids: readonly string[];
  /** Calibrated P(churn within the horizon). */
  readonly calibrated: Float64Array;
  readonly monthlyCharges: Float64Array;
  /** active × actions, row-major 0/1. */
  readonly eligible: Uint8Array;
  /** Customers generated (churned or active). */
  readonly customers: number;
  /** Labelled customer-months and churners among them, over the whole population. */
  readonly labelled: number;
  readonly churners: number;
}

/** The panel and feature frame of a history (the same builders as the pipeline's). */
function panelAndFrame(history: ChurnHistory, options: PopulationScoringOptions): { panel: Panel; frame: FeatureFrame } {
  return { panel: buildPanel(history, { horizon: options.horizon }), frame: buildFeatureFrame(history, options.features) };
}

const idsOf = (history: ChurnHistory, rows: Uint32Array): string[] => Array.from(rows, (r) => history.customers.ids[history.months.customer[r]!]!);

/**
 * Scores every active customer of `population` with `runtime`, one chunk at a time (no
 * contributions: reasons are computed for the planned customers only, {@link rescoreCustomers}).
 * `onShare` gets the share of chunks done. Peak memory is one chunk's frame plus O(active) output.
 */
export function scorePopulation(runtime: ScoringRuntime, population: PopulationSource, options: PopulationScoringOptions, onShare?: (share: number) => void): PopulationScores {
  const parts: { calibrated: Float64Array; charges: Float64Array; eligible: Uint8Array }[] = [];
  const ids: string[] = [];
  let customers = 0;
  let labelled = 0;
  let churners = 0;
  for (let k = 0; k < population.chunks; k++) {
    const history = population.chunk(k);
    const { panel, frame } = panelAndFrame(history, options);
    customers += history.customers.count;
    labelled += panel.labelled.length;
    for (const r of panel.labelled) churners += panel.label[r]!;
    if (panel.scoring.length > 0) {
      const charges = monthlyChargesAt(history, panel.scoring);
      const scores = scoreRows(runtime, { frame, rows: panel.scoring, monthlyCharges: charges }, 0, false);
      parts.push({ calibrated: scores.calibrated, charges, eligible: eligibilityAt(frame, options.actions, panel.scoring) });
      for (const id of idsOf(history, panel.scoring)) ids.push(id);
    }
    onShare?.((k + 1) / population.chunks);
  }
  return { ...inPopulationOrder(population, ids, parts, options.actions.length), customers, labelled, churners };
}

/** Joins the chunks' columns in population order (the order of the world generated whole), so that sums over customers do not depend on the chunking. */
function inPopulationOrder(population: PopulationSource, ids: readonly string[], parts: readonly { calibrated: Float64Array; charges: Float64Array; eligible: Uint8Array }[], A: number): Pick<PopulationScores, "ids" | "calibrated" | "monthlyCharges" | "eligible"> {
  const n = ids.length;
  const joined = { calibrated: new Float64Array(n), charges: new Float64Array(n), eligible: new Uint8Array(n * A) };
  let at = 0;
  for (const p of parts) {
    joined.calibrated.set(p.calibrated, at);
    joined.charges.set(p.charges, at);
    joined.eligible.set(p.eligible, at * A);
    at += p.calibrated.length;
  }
  const key = Float64Array.from(ids, (id) => population.indexOf(id));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a]! - key[b]!);
  return { ids: Array.from(order, (j) => ids[j]!), calibrated: gather(joined.calibrated, order), monthlyCharges: gather(joined.charges, order), eligible: gather(joined.eligible, order, A) };
}

/** Some customers of a population rescored with their contributions: ids in the order scored, the scores, and each row's feature values. */
export interface RescoredCustomers {
  readonly ids: readonly string[];
  readonly scores: RowScores;
  readonly valueOf: (row: number, feature: number) => number | string;
}

/** Rescores the active customers among `ids` from their own histories (bit-identical to their chunk's scores) with `reasonCount` reasons and contributions. */
export function rescoreCustomers(runtime: ScoringRuntime, population: PopulationSource, ids: readonly string[], options: PopulationScoringOptions, reasonCount: number): RescoredCustomers | null {
  if (ids.length === 0) return null;
  const history = population.customers(ids);
  const { panel, frame } = panelAndFrame(history, options);
  if (panel.scoring.length === 0) return null;
  const scores = scoreRows(runtime, { frame, rows: panel.scoring, monthlyCharges: monthlyChargesAt(history, panel.scoring) }, reasonCount);
  return { ids: idsOf(history, panel.scoring), scores, valueOf: frameFeatureValues(frame, panel.scoring).valueOf };
}
