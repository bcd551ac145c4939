import type { ChurnHistory } from "../data/history.js";
import type { Panel } from "./panel.js";

/** A categorical mix: level → share of customers (0..1), in level order. */
export type Mix = Readonly<Record<string, number>>;

/** A JSON-ready description of a panel: the counts tests assert and the data command prints. */
export interface PanelSummary {
  readonly source: string;
  readonly kind: ChurnHistory["kind"];
  readonly periods: number;
  readonly horizon: number;
  readonly customers: number;
  readonly rows: number;
  readonly labelled: number;
  readonly positives: number;
  readonly censored: number;
  readonly scoring: number;
  /** Positives per labelled row: the realised churn rate within the horizon. */
  readonly positiveRate: number;
  /** Calendar months holding at least one positive label, and the first and last such month. */
  readonly positiveMonths: { readonly count: number; readonly first: number; readonly last: number };
  /** Mix of the scoring set (customers active at the end) for the attributes a reader checks first. */
  readonly activeMix: Readonly<Record<"Contract" | "InternetService" | "PaymentMethod", Mix>>;
  /** Synthetic only: the mean true monthly hazard over labelled rows (compare with `positiveRate` at h = 1). */
  readonly meanTrueHazard?: number;
}

function mixOf(history: ChurnHistory, name: string, rows: Uint32Array): Mix {
  const monthly = history.months.categorical[name];
  const column = monthly ?? history.customers.categorical[name];
  if (!column) return {};
  const counts = new Float64Array(column.levels.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    counts[column.codes[monthly ? r : history.months.customer[r]!]!]++;
  }
  const out: Record<string, number> = {};
  column.levels.forEach((level, k) => (out[level] = rows.length === 0 ? 0 : counts[k]! / rows.length));
  return out;
}

/** Summarises a panel: counts, realised positive rate, where positives sit in time, the active mix. */
export function summarizePanel(panel: Panel): PanelSummary {
  const { history, counts } = panel;
  let first = -1;
  let last = -1;
  let months = 0;
  counts.byPeriod.positives.forEach((n, t) => {
    if (n > 0) {
      if (first < 0) first = t;
      last = t;
      months++;
    }
  });
  let meanTrueHazard: number | undefined;
  if (history.truth && panel.labelled.length > 0) {
    let s = 0;
    for (let i = 0; i < panel.labelled.length; i++) s += history.truth.hazard[panel.labelled[i]!]!;
    meanTrueHazard = s / panel.labelled.length;
  }
  return {
    source: history.name,
    kind: history.kind,
    periods: history.periods,
    horizon: panel.horizon,
    customers: counts.customers,
    rows: counts.rows,
    labelled: counts.labelled,
    positives: counts.positives,
    censored: counts.censored,
    scoring: counts.scoring,
    positiveRate: counts.labelled === 0 ? 0 : counts.positives / counts.labelled,
    positiveMonths: { count: months, first, last },
    activeMix: {
      Contract: mixOf(history, "Contract", panel.scoring),
      InternetService: mixOf(history, "InternetService", panel.scoring),
      PaymentMethod: mixOf(history, "PaymentMethod", panel.scoring),
    },
    ...(meanTrueHazard === undefined ? {} : { meanTrueHazard }),
  };
}
