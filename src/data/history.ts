/**
 * The source-independent shape of churn data: a customer table plus one row per customer per
 * calendar month in which the customer was active at the month's end (customer-major, months
 * ascending). Both the synthetic telco and the reconstructed IBM Telco snapshot produce it;
 * `buildPanel` turns it into labelled rows.
 */

/** A categorical column: `codes[i]` indexes `levels`. */
export interface CategoricalColumn {
  readonly levels: readonly string[];
  readonly codes: Uint8Array;
}

/** Marker in {@link CustomerTable.churnPeriod} for a customer still active at the end of the data. */
export const NOT_CHURNED = 0x7fffffff;

/** Static customer attributes and each customer's span of rows. */
export interface CustomerTable {
  readonly count: number;
  readonly ids: readonly string[];
  /** First month of service; tenure at the end of month t is t − start + 1. May be negative (joined before the window). */
  readonly start: Int32Array;
  /** Month during which the customer left (the customer has no row in it), or {@link NOT_CHURNED}. */
  readonly churnPeriod: Int32Array;
  /** CSR offsets (count + 1 entries): the customer's month rows are rowStart[c] .. rowStart[c + 1] − 1. */
  readonly rowStart: Uint32Array;
  /** Attributes fixed for the customer's whole history (or, for the Telco snapshot, as of extraction). */
  readonly categorical: Readonly<Record<string, CategoricalColumn>>;
  readonly numeric: Readonly<Record<string, Float64Array>>;
}

/** One row per (customer, month) with the customer active at the month's end. */
export interface MonthTable {
  readonly count: number;
  readonly customer: Uint32Array;
  /** Calendar month, 0 .. periods − 1. */
  readonly period: Int16Array;
  /** Completed months of service at the end of the period. */
  readonly tenure: Int16Array;
  /** Time-varying attributes and monthly signals, as known at the end of the period. */
  readonly categorical: Readonly<Record<string, CategoricalColumn>>;
  readonly numeric: Readonly<Record<string, Float64Array>>;
}

/** What the synthetic generator knows and a real data set never tells. */
export interface SyntheticTruth {
  /** Per month row: P(churn during the next month | state at the end of this month). */
  readonly hazard: Float64Array;
  /** Per month row: the latent dissatisfaction that drives the signals and the hazard. */
  readonly dissatisfaction: Float64Array;
  readonly actionNames: readonly string[];
  /** customers × actions, row-major: P(the action saves a customer who would otherwise churn). */
  readonly actionEffect: Float64Array;
}

/** Values recorded at extraction time. They encode the final tenure, so no feature may read them. */
export interface ExtractionRecord {
  /** TotalCharges as of extraction (dollars). */
  readonly totalCharges: Float64Array;
}

/** A whole data source in history form. */
export interface ChurnHistory {
  readonly kind: "synthetic" | "telco";
  /** A label for reports: the file path, or "synthetic (seed N)". */
  readonly name: string;
  /** Number of observed calendar months: data covers months 0 .. periods − 1. */
  readonly periods: number;
  readonly customers: CustomerTable;
  readonly months: MonthTable;
  readonly extraction: ExtractionRecord;
  readonly truth?: SyntheticTruth;
}
