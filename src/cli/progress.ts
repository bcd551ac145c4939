import { formatPercent, formatSeconds } from "../util/format.js";

/** A stage timer that prints `[elapsed] stage … done in X s` lines on stderr unless quiet. */
export class Progress {
  private readonly t0 = performance.now();
  private stageStart = performance.now();
  private lastShare = 0;
  readonly timings: Record<string, number> = {};

  constructor(private readonly quiet: boolean) {}

  private line(text: string): void {
    if (!this.quiet) process.stderr.write(`[${formatSeconds(performance.now() - this.t0, 1)}] ${text}\n`);
  }

  /** Marks the start of a stage. */
  start(stage: string): void {
    this.stageStart = performance.now();
    this.line(`${stage} ...`);
  }

  /** Marks the end of a stage, records its duration in milliseconds and prints it with an optional detail. */
  done(stage: string, detail = ""): void {
    const ms = performance.now() - this.stageStart;
    this.timings[stage] = Math.round(ms);
    this.line(`${stage} done in ${formatSeconds(ms)}${detail ? ` (${detail})` : ""}`);
  }

  /** Prints a finer step inside a stage. */
  step(stage: string, step: string): void {
    this.line(`${stage}: ${step}`);
  }

  /** Prints a share-done line (0..1) for a slow stage with a bar and the time left at the pace so far: at most one line every 2 s, none for a stage under 2 s. */
  share(stage: string, share: number): void {
    const now = performance.now();
    if (now - this.stageStart < 2000 || now - this.lastShare < 2000) return;
    this.lastShare = now;
    this.line(`${stage} ${progressBar(share)} ${formatPercent(share, 0)}${share > 0 && share < 1 ? `, ETA ${formatSeconds(((now - this.stageStart) * (1 - share)) / share, 0)}` : ""}`);
  }
}

/** A 20-cell text bar of a share in [0, 1] (clamped). */
export function progressBar(share: number): string {
  const cells = Math.round(20 * Math.min(1, Math.max(0, share)));
  return `[${"#".repeat(cells)}${".".repeat(20 - cells)}]`;
}
