import { NOT_CHURNED, type ChurnHistory } from "./history.js";
import { csvLine } from "../util/csv.js";
import { TELCO_COLUMNS } from "./telcoSchema.js";
import { NO, YES } from "./telcoVocabulary.js";

/**
 * Writes the synthetic history's final month as a Telco-format CSV (the 21 IBM columns, LF line
 * ends): one row per customer active at the start of the last month, `Churn` = Yes for those who
 * left during it, tenure in completed months, attributes and MonthlyCharges as of the customer's
 * last row, TotalCharges as billed to extraction. Loading it through the Telco path exercises
 * that path against a known truth.
 */
export function telcoSnapshotCsv(history: ChurnHistory): string {
  const { customers, months, periods } = history;
  const last = periods - 1;
  const names = TELCO_COLUMNS.map((c) => c.name);
  const lines: string[] = [names.join(",")];
  for (let c = 0; c < customers.count; c++) {
    const end = customers.rowStart[c + 1]!;
    if (end === customers.rowStart[c]) continue;
    const r = end - 1;
    const churned = customers.churnPeriod[c] === last;
    const active = customers.churnPeriod[c] === NOT_CHURNED && months.period[r] === last;
    if (!churned && !active) continue;
    const cells = names.map((name) => {
      switch (name) {
        case "customerID":
          return customers.ids[c]!;
        case "tenure":
          return String(months.tenure[r]);
        case "SeniorCitizen":
          return String(customers.numeric.SeniorCitizen![c]);
        case "MonthlyCharges":
          return (months.numeric.MonthlyCharges ?? customers.numeric.MonthlyCharges)![months.numeric.MonthlyCharges ? r : c]!.toFixed(2);
        case "TotalCharges":
          return history.extraction.totalCharges[c]!.toFixed(2);
        case "Churn":
          return churned ? YES : NO;
        default: {
          const col = months.categorical[name] ?? customers.categorical[name];
          if (!col) throw new RangeError(`telcoSnapshotCsv: the history has no column ${name}`);
          return col.levels[col.codes[months.categorical[name] ? r : c]!]!;
        }
      }
    });
    lines.push(csvLine(cells));
  }
  return `${lines.join("\n")}\n`;
}
