import type { ChurnHistory } from "../data/history.js";
import type { NumericFeature } from "./frame.js";

/**
 * A deliberately leaky feature for the leakage ladder ONLY, never for a model that is used:
 * each customer's final tenure (tenure at the customer's last row, i.e. at churn or at the end
 * of the data), broadcast to all of the customer's rows. It is the classic mistake of using the
 * extraction-time `tenure` column (or TotalCharges) as if it were known in every month.
 */
export function leakyFinalTenure(history: ChurnHistory): NumericFeature {
  const { months, customers } = history;
  const values = new Float64Array(months.count);
  for (let c = 0; c < customers.count; c++) {
    const a = customers.rowStart[c]!;
    const b = customers.rowStart[c + 1]!;
    if (b > a) values.fill(months.tenure[b - 1]!, a, b);
  }
  return {
    info: { name: "LEAKY_finalTenure", group: "derived", kind: "numeric", description: "LEAKY: tenure at the customer's last row (known only at churn or extraction)", window: null, source: "tenure (final)" },
    values,
  };
}
