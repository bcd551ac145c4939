/**
 * The logistic function in SQL, written as `src/util/logistic.ts` computes it, so a margin gives the
 * same probability in both.
 */
import { sqlParens } from "./stage.js";

/**
 * σ(z) as `sigmoid` evaluates it: 1 / (1 + e^{−z}) for z ≥ 0, e^{z} / (1 + e^{z}) below, so exp never
 * overflows. A NaN z gives NaN on either branch (SQL's NaN ≥ 0 is true, JavaScript's false). `z`
 * is repeated: pass a column.
 */
export function sigmoidSql(z: string): string {
  const v = sqlParens(z);
  return `(CASE WHEN ${v} >= 0.0E0 THEN 1.0E0 / (1.0E0 + exp(-${v})) ELSE exp(${v}) / (1.0E0 + exp(${v})) END)`;
}
