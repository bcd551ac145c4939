import { NOT_CHURNED, type ChurnHistory } from "../data/history.js";

/** Row status in a {@link Panel}. */
export const RowStatus = {
  /** The whole label horizon lies inside the data: usable for training and evaluation. */
  Labelled: 0,
  /** The horizon runs past the end of the data: never trained or evaluated on. */
  Censored: 1,
} as const;

/** Counts that describe a panel (for tests, the data command and the report). */
export interface PanelCounts {
  readonly customers: number;
  readonly rows: number;
  readonly labelled: number;
  readonly positives: number;
  readonly censored: number;
  readonly scoring: number;
  /** Per calendar month: rows, labelled rows, positives, censored rows. */
  readonly byPeriod: {
    readonly rows: Uint32Array;
    readonly labelled: Uint32Array;
    readonly positives: Uint32Array;
    readonly censored: Uint32Array;
  };
}

/** A point-in-time monthly panel: the history's month rows with labels, censoring and the scoring set. */
export interface Panel {
  readonly history: ChurnHistory;
  /** Label horizon h in months. */
  readonly horizon: number;
  /** Per month row: 1 if the customer churns within months t + 1 .. t + h. Meaningful only for labelled rows. */
  readonly label: Uint8Array;
  /** Per month row: a {@link RowStatus} value. */
  readonly status: Uint8Array;
  /** Indices of the labelled rows, ascending. */
  readonly labelled: Uint32Array;
  /** Indices of the scoring rows: the latest row of every customer active at the end of the data, ascending. */
  readonly scoring: Uint32Array;
  readonly counts: PanelCounts;
}

/**
 * The label rule: a customer whose churn month is `churnPeriod` (or `NOT_CHURNED`) churns within
 * `months` months after month t when t < churnPeriod ≤ t + months. The panel's labels use it with
 * months = h, the decisions' backtest with the effect window.
 */
export function churnsWithin(churnPeriod: number, t: number, months: number): boolean {
  return churnPeriod !== NOT_CHURNED && churnPeriod > t && churnPeriod <= t + months;
}

/** Options of {@link buildPanel}. */
export interface PanelOptions {
  /** Label horizon h ≥ 1 in months (config `panel.horizon`). */
  readonly horizon: number;
}

/**
 * Labels every month row of a history: a row at month t gets label 1 when the customer's churn
 * month lies in t + 1 .. t + h ({@link churnsWithin}). A row whose horizon runs past the last
 * observed month (t + h > periods − 1) is censored, whatever its outcome, so that positives and
 * negatives are censored alike; the latest row of each customer still active at the end is the
 * scoring set.
 * Pure: reads only the row's own month, the churn month and the data end. O(rows).
 */
export function buildPanel(history: ChurnHistory, options: PanelOptions): Panel {
  const h = options.horizon;
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`buildPanel: horizon must be an integer >= 1, got ${h}`);
  if (h >= history.periods) throw new RangeError(`buildPanel: horizon=${h} leaves no labelled month in ${history.periods} periods`);
  const { months, customers, periods } = history;
  const n = months.count;
  if (n === 0) throw new RangeError("buildPanel: the history has no month rows");
  const lastLabelled = periods - 1 - h;
  const label = new Uint8Array(n);
  const status = new Uint8Array(n);
  const rows = new Uint32Array(periods);
  const labelledBy = new Uint32Array(periods);
  const positives = new Uint32Array(periods);
  const censoredBy = new Uint32Array(periods);
  let labelledCount = 0;
  let positiveCount = 0;
  for (let r = 0; r < n; r++) {
    const t = months.period[r]!;
    const churn = customers.churnPeriod[months.customer[r]!]!;
    rows[t]++;
    if (t > lastLabelled) {
      status[r] = RowStatus.Censored;
      censoredBy[t]++;
      continue;
    }
    labelledCount++;
    labelledBy[t]++;
    if (churnsWithin(churn, t, h)) {
      label[r] = 1;
      positiveCount++;
      positives[t]++;
    }
  }
  const labelled = new Uint32Array(labelledCount);
  let k = 0;
  for (let r = 0; r < n; r++) if (status[r] === RowStatus.Labelled) labelled[k++] = r;
  const scoringList: number[] = [];
  for (let c = 0; c < customers.count; c++) {
    const end = customers.rowStart[c + 1]!;
    if (end === customers.rowStart[c]) continue;
    const last = end - 1;
    if (customers.churnPeriod[c] === NOT_CHURNED && months.period[last] === periods - 1) scoringList.push(last);
  }
  const scoring = Uint32Array.from(scoringList);
  return {
    history,
    horizon: h,
    label,
    status,
    labelled,
    scoring,
    counts: {
      customers: customers.count,
      rows: n,
      labelled: labelledCount,
      positives: positiveCount,
      censored: n - labelledCount,
      scoring: scoring.length,
      byPeriod: { rows, labelled: labelledBy, positives, censored: censoredBy },
    },
  };
}
