/** How many example line numbers a quality count keeps (`firstLines`). */
export const QUALITY_FIRST_LINES = 5;

/** A count of rows sharing one quality reason, with the first ≤ 5 1-based source lines. */
export interface QualityCount {
  readonly reason: string;
  readonly count: number;
  readonly firstLines: readonly number[];
}

/** A count of rows where the loader changed a value of `column`, and why. */
export interface AlteredCount extends QualityCount {
  readonly column: string;
}

/**
 * What a loader did to a file: rows read and accepted; rows rejected, values altered and
 * rows flagged (kept unchanged but worth a look), each grouped by reason. JSON-ready, so
 * it can go into a run manifest as is.
 */
export interface DataQualitySummary {
  readonly file: string;
  readonly rowsRead: number;
  readonly rowsAccepted: number;
  readonly rejected: readonly QualityCount[];
  readonly altered: readonly AlteredCount[];
  readonly flagged: readonly QualityCount[];
}

/**
 * Mutable counter for one quality reason while a loader scans rows: `add(line)` counts a
 * row and keeps its line if fewer than {@link QUALITY_FIRST_LINES} are kept; `toCount()`
 * returns a frozen {@link QualityCount}.
 */
export class QualityTally {
  readonly reason: string;
  private n = 0;
  private readonly lines: number[] = [];

  constructor(reason: string) {
    this.reason = reason;
  }

  /** Counts one row found at 1-based source line `line`. */
  add(line: number): void {
    this.n++;
    if (this.lines.length < QUALITY_FIRST_LINES) this.lines.push(line);
  }

  /** Number of rows counted so far. */
  get count(): number {
    return this.n;
  }

  /** Snapshot as a frozen {@link QualityCount}. */
  toCount(): QualityCount {
    return Object.freeze({
      reason: this.reason,
      count: this.n,
      firstLines: Object.freeze(this.lines.slice()),
    });
  }
}
