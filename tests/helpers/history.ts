import { NOT_CHURNED, type ChurnHistory } from "../../src/data/history.js";

/** One customer of a literal test history: first month of service, churn month (or undefined) and observed rows. */
export interface LiteralCustomer {
  readonly id: string;
  readonly start: number;
  readonly churn?: number;
}

/**
 * Builds a tiny history from literal customers: rows for every month from max(start, 0) to the
 * month before churn (or the last month), tenure t − start + 1, and a signal equal to 10·t + tenure.
 */
export function literalHistory(periods: number, people: readonly LiteralCustomer[]): ChurnHistory {
  const customer: number[] = [];
  const period: number[] = [];
  const tenure: number[] = [];
  const rowStart = [0];
  people.forEach((p, c) => {
    const end = p.churn === undefined ? periods - 1 : p.churn - 1;
    for (let t = Math.max(p.start, 0); t <= end; t++) {
      customer.push(c);
      period.push(t);
      tenure.push(t - p.start + 1);
    }
    rowStart.push(customer.length);
  });
  return {
    kind: "synthetic",
    name: "literal",
    periods,
    customers: {
      count: people.length,
      ids: people.map((p) => p.id),
      start: Int32Array.from(people.map((p) => p.start)),
      churnPeriod: Int32Array.from(people.map((p) => p.churn ?? NOT_CHURNED)),
      rowStart: Uint32Array.from(rowStart),
      categorical: {},
      numeric: {},
    },
    months: {
      count: customer.length,
      customer: Uint32Array.from(customer),
      period: Int16Array.from(period),
      tenure: Int16Array.from(tenure),
      categorical: {},
      numeric: { Signal: Float64Array.from(period.map((t, i) => 10 * t + tenure[i]!)) },
    },
    extraction: { totalCharges: new Float64Array(people.length) },
  };
}
