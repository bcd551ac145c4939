import { UndefinedMetricError } from "../evaluation/checks.js";
import { checkUpliftInput, descendingOrder } from "./qini.js";

/**
 * How {@link upliftAtK} picks the top units: `"overall"` takes the top ⌊k·n⌋ units of both arms
 * together; `"by_group"` takes the top ⌊k·N_t⌋ treated and the top ⌊k·N_c⌋ control units separately.
 */
export type UpliftAtKStrategy = "overall" | "by_group";

/**
 * Uplift at the top fraction `k` ∈ (0, 1) of units ranked by decreasing `uplift`, as scikit-uplift
 * `uplift_at_k(y, uplift, treatment, strategy, k)` with a float k: the response rate of the treated
 * units minus that of the control units among the selected top units (see {@link UpliftAtKStrategy};
 * sizes truncated as Python's `int`). Tied scores are ordered by decreasing row index as sklift's
 * reversed stable sort does ({@link descendingOrder}), so a cut through a tie selects the same rows.
 * `y` = 1 for the response the action should raise (retained = 1 − churned). Throws
 * {@link UndefinedMetricError} when the selection holds no treated or no control unit, and on
 * invalid input. O(n log n), inputs not mutated.
 */
export function upliftAtK(y: Uint8Array, uplift: Float64Array, treatment: Uint8Array, strategy: UpliftAtKStrategy, k: number): number {
  const counts = checkUpliftInput("upliftAtK", y, uplift, treatment);
  if (strategy !== "overall" && strategy !== "by_group") throw new RangeError(`upliftAtK: strategy must be "overall" or "by_group", got ${JSON.stringify(strategy)}`);
  if (!(k > 0 && k < 1)) throw new RangeError(`upliftAtK: k must be a fraction in (0, 1), got ${k}`);
  const order = descendingOrder(uplift);
  const n = order.length;
  const limitAll = strategy === "overall" ? Math.floor(n * k) : n;
  const limitTreated = strategy === "overall" ? n : Math.floor(counts.treatedN * k);
  const limitControl = strategy === "overall" ? n : Math.floor(counts.controlN * k);
  let treatedN = 0;
  let treatedY = 0;
  let controlN = 0;
  let controlY = 0;
  for (let r = 0; r < limitAll; r++) {
    const i = order[r]!;
    if (treatment[i] === 1) {
      if (treatedN < limitTreated) {
        treatedN++;
        treatedY += y[i]!;
      }
    } else if (controlN < limitControl) {
      controlN++;
      controlY += y[i]!;
    }
  }
  if (treatedN === 0 || controlN === 0) {
    throw new UndefinedMetricError(`upliftAtK: the top k=${k} (${strategy}) holds ${treatedN} treated and ${controlN} control units; both must be > 0`);
  }
  return treatedY / treatedN - controlY / controlN;
}
