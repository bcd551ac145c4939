import { gather } from "../util/gather.js";
import { NOT_CHURNED, type CategoricalColumn, type ChurnHistory } from "./history.js";


function takeCategorical(columns: Readonly<Record<string, CategoricalColumn>>, index: Uint32Array): Record<string, CategoricalColumn> {
  const out: Record<string, CategoricalColumn> = {};
  for (const [name, col] of Object.entries(columns)) out[name] = { levels: col.levels, codes: gather(col.codes, index) };
  return out;
}

function takeNumeric(columns: Readonly<Record<string, Float64Array>>, index: Uint32Array): Record<string, Float64Array> {
  const out: Record<string, Float64Array> = {};
  for (const [name, col] of Object.entries(columns)) out[name] = gather(col, index);
  return out;
}

/**
 * The history as it would have looked at the end of month `lastPeriod`: later month rows are
 * dropped, churn after `lastPeriod` is not yet known (the customer is active), and customers who
 * had not joined yet are absent. Used for backtests and for the no-future-data property tests.
 * Extraction-time values are dropped to NaN: they were not recorded at `lastPeriod`.
 */
export function historyAsOf(history: ChurnHistory, lastPeriod: number): ChurnHistory {
  if (!Number.isInteger(lastPeriod) || lastPeriod < 0 || lastPeriod >= history.periods) {
    throw new RangeError(`historyAsOf: lastPeriod must be an integer in [0, ${history.periods - 1}], got ${lastPeriod}`);
  }
  const { customers, months } = history;
  const keepRows: number[] = [];
  const keepCustomers: number[] = [];
  const rowStart: number[] = [0];
  for (let c = 0; c < customers.count; c++) {
    const before = keepRows.length;
    for (let r = customers.rowStart[c]!; r < customers.rowStart[c + 1]!; r++) if (months.period[r]! <= lastPeriod) keepRows.push(r);
    if (keepRows.length > before) {
      keepCustomers.push(c);
      rowStart.push(keepRows.length);
    }
  }
  const rowIndex = Uint32Array.from(keepRows);
  const customerIndex = Uint32Array.from(keepCustomers);
  const newCustomer = new Uint32Array(rowIndex.length);
  for (let k = 0; k < customerIndex.length; k++) newCustomer.fill(k, rowStart[k]!, rowStart[k + 1]!);
  const churnPeriod = gather(customers.churnPeriod, customerIndex);
  for (let k = 0; k < churnPeriod.length; k++) if (churnPeriod[k]! > lastPeriod) churnPeriod[k] = NOT_CHURNED;
  const truth = history.truth;
  const actions = truth ? truth.actionNames.length : 0;
  const actionEffect = truth ? gather(truth.actionEffect, customerIndex, actions) : new Float64Array(0);
  return {
    kind: history.kind,
    name: `${history.name} as of month ${lastPeriod}`,
    periods: lastPeriod + 1,
    customers: {
      count: customerIndex.length,
      ids: keepCustomers.map((c) => customers.ids[c]!),
      start: gather(customers.start, customerIndex),
      churnPeriod,
      rowStart: Uint32Array.from(rowStart),
      categorical: takeCategorical(customers.categorical, customerIndex),
      numeric: takeNumeric(customers.numeric, customerIndex),
    },
    months: {
      count: rowIndex.length,
      customer: newCustomer,
      period: gather(months.period, rowIndex),
      tenure: gather(months.tenure, rowIndex),
      categorical: takeCategorical(months.categorical, rowIndex),
      numeric: takeNumeric(months.numeric, rowIndex),
    },
    extraction: { totalCharges: new Float64Array(customerIndex.length).fill(Number.NaN) },
    ...(truth
      ? {
          truth: {
            hazard: gather(truth.hazard, rowIndex),
            dissatisfaction: gather(truth.dissatisfaction, rowIndex),
            actionNames: truth.actionNames,
            actionEffect,
          },
        }
      : {}),
  };
}
