import { NOT_CHURNED, type CategoricalColumn, type ChurnHistory } from "./history.js";
import type { TelcoTable } from "./telco.js";
import { TELCO_CATEGORICAL_NAMES } from "./telcoSchema.js";

/**
 * Reconstructs a monthly history from the Telco snapshot using `tenure` alone. Assumptions,
 * which a reader of any result from it must keep in mind (see `data/README.md`):
 * - Extraction is the end of calendar month E = max(tenure); every attribute (contract,
 *   services, MonthlyCharges) is the value at extraction, held constant back in time.
 * - Survivors only: customers who left before the last month are not in the file, so early
 *   months contain no churn at all.
 * - Every churn happens in month E ("left within the last month"). A churner with tenure k has
 *   rows for k completed months ending at E − 1; a staying customer with tenure k ≥ 1 has rows
 *   ending at E; a customer with tenure 0 (joined during E) has one row at E with tenure 0, so
 *   that every active customer can be scored.
 * Consequence: every positive label sits at calendar month E − h, so a calendar-time split
 * cannot put positives in both training and test; evaluation on this source uses splits by
 * customer (grouped K-fold), and calendar month, joining cohort and months-to-extraction must
 * never be features (each identifies the positive rows). TotalCharges is kept only in
 * `extraction` (it encodes the final tenure).
 */
export function telcoToHistory(table: TelcoTable): ChurnHistory {
  const n = table.ids.length;
  if (n === 0) throw new RangeError("telcoToHistory: the table has no rows");
  let extraction = 0;
  for (let i = 0; i < n; i++) if (table.tenure[i]! > extraction) extraction = table.tenure[i]!;
  const start = new Int32Array(n);
  const churnPeriod = new Int32Array(n);
  const rowStart = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) {
    const k = table.tenure[i]!;
    const rows = table.churn[i] ? k : Math.max(k, 1);
    rowStart[i + 1] = rowStart[i]! + rows;
    if (table.churn[i]) {
      if (k === 0) throw new RangeError(`telcoToHistory: churner ${table.ids[i]} (line ${table.lines[i]}) has tenure 0 and no completed month to label`);
      start[i] = extraction - k;
      churnPeriod[i] = extraction;
    } else {
      start[i] = extraction - k + 1;
      churnPeriod[i] = NOT_CHURNED;
    }
  }
  const total = rowStart[n]!;
  const customer = new Uint32Array(total);
  const period = new Int16Array(total);
  const tenure = new Int16Array(total);
  for (let i = 0; i < n; i++) {
    const first = rowStart[i]!;
    const count = rowStart[i + 1]! - first;
    const lastPeriod = table.churn[i] ? extraction - 1 : extraction;
    const lastTenure = table.tenure[i]!;
    for (let j = 0; j < count; j++) {
      customer[first + j] = i;
      period[first + j] = lastPeriod - (count - 1 - j);
      tenure[first + j] = lastTenure - (count - 1 - j);
    }
  }
  const categorical: Record<string, CategoricalColumn> = {};
  for (const name of TELCO_CATEGORICAL_NAMES) categorical[name] = table.categorical[name];
  const senior = new Float64Array(n);
  for (let i = 0; i < n; i++) senior[i] = table.seniorCitizen[i]!;
  return {
    kind: "telco",
    name: table.file,
    periods: extraction + 1,
    customers: {
      count: n,
      ids: table.ids,
      start,
      churnPeriod,
      rowStart,
      categorical,
      numeric: { SeniorCitizen: senior, MonthlyCharges: table.monthlyCharges },
    },
    months: { count: total, customer, period, tenure, categorical: {}, numeric: {} },
    extraction: { totalCharges: table.totalCharges },
  };
}
