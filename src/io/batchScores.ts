/**
 * Writes a scored batch: `batch_scores.parquet` (hyparquet-writer), the action plan CSV of the
 * same campaign engine as the report, and `summary.json`, into one output folder in one atomic swap.
 */
import { parquetWriteBuffer, type ColumnSource } from "hyparquet-writer";
import { actionPlanCsv } from "../decision/actionPlan.js";
import type { BatchColumn, ScoredBatch } from "../serving/batch.js";
import { writeOutputDir } from "./outputDir.js";

/** The Parquet bytes of batch columns: doubles with NaN written as null, strings with null as null. */
export function batchScoresParquet(columns: readonly BatchColumn[]): Uint8Array {
  const columnData: ColumnSource[] = columns.map((c) => {
    if (c.type === "DOUBLE") {
      const hasNaN = c.values.some((v) => Number.isNaN(v));
      return hasNaN ? { name: c.name, data: Array.from(c.values, (v) => (Number.isNaN(v) ? null : v)), type: "DOUBLE", nullable: true } : { name: c.name, data: c.values, type: "DOUBLE", nullable: false };
    }
    if (c.type === "INT32") return { name: c.name, data: c.values, type: "INT32", nullable: false };
    return { name: c.name, data: [...c.values], type: "STRING", nullable: true };
  });
  return new Uint8Array(parquetWriteBuffer({ columnData, codec: "SNAPPY", createdBy: "churn-workspace batch scoring" }));
}

/** What `summary.json` of a batch records. */
export interface BatchSummary {
  readonly model: { readonly name: string; readonly version: number | null; readonly ref: string };
  readonly asOfMonth: number;
  readonly customers: number;
  readonly contacted: number;
  readonly expectedProfit: number;
  readonly spend: number;
  readonly exact: boolean;
}

/** Writes `batch_scores.parquet`, `action_plan.csv` and `summary.json` to `dir` (replaced only if it is absent, empty or a previous output of this tool). */
export function writeBatchOutput(dir: string, batch: ScoredBatch, columns: readonly BatchColumn[], summary: BatchSummary): void {
  writeOutputDir(dir, {
    "batch_scores.parquet": batchScoresParquet(columns),
    "action_plan.csv": actionPlanCsv(batch.campaign.plan),
    "summary.json": `${JSON.stringify(summary, null, 1)}\n`,
  }, { writer: "score" });
}
