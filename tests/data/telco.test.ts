import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_CHARGE_GAP_RULE, loadTelco, type TelcoLoadResult } from "../../src/data/telco.js";
import { TELCO_CATEGORICAL_LEVELS, TELCO_CATEGORICAL_NAMES, TELCO_COLUMNS } from "../../src/data/telcoSchema.js";
import { readTelcoFile } from "../../src/io/readTelco.js";
import { InputError } from "../../src/util/errors.js";
import { telcoCsvAvailable, telcoCsvPath } from "../helpers/telcoPath.js";

const FIXTURE_PATH = fileURLToPath(new URL("../fixtures/telco/valid.csv", import.meta.url));
const FIXTURE = readFileSync(FIXTURE_PATH, "utf8");
const FILE = "telco-fixture.csv";

/** The fixture as header + data rows of fields (it has no quoted fields). */
function fixtureCells(): string[][] {
  return FIXTURE.trimEnd()
    .split("\n")
    .map((l) => l.split(","));
}

function toText(cells: readonly (readonly string[])[]): string {
  return `${cells.map((r) => r.join(",")).join("\n")}\n`;
}

/** The fixture with data row `row` (0-based; file line row + 2) field `column` set to `value`. */
function withValue(row: number, column: string, value: string): string {
  const cells = fixtureCells();
  const j = (cells[0] as string[]).indexOf(column);
  if (j < 0) throw new Error(`no column ${column}`);
  (cells[row + 1] as string[])[j] = value;
  return toText(cells);
}

function load(text: string): TelcoLoadResult {
  return loadTelco(text, { file: FILE });
}

/**
 * A cheap-to-compare image of a load result: typed arrays as base64 of their bytes, ids
 * joined (vitest's element-wise deep equality takes ~0.5 s on 7,043-row tables).
 */
function digest(res: TelcoLoadResult): unknown {
  const bytes = (a: ArrayBufferView): string => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
  const t = res.table;
  return {
    file: t.file,
    ids: t.ids.join("\n"),
    n: t.ids.length,
    lines: bytes(t.lines),
    tenure: bytes(t.tenure),
    seniorCitizen: bytes(t.seniorCitizen),
    monthlyCharges: bytes(t.monthlyCharges),
    totalCharges: bytes(t.totalCharges),
    churn: bytes(t.churn),
    categorical: Object.entries(t.categorical).map(([name, c]) => [name, c.levels, bytes(c.codes)]),
    quality: res.quality,
  };
}

/** Asserts `text` fails to load with an InputError naming the file, line and column, and returns the message. */
function expectLoadError(text: string, line: number, column?: string): string {
  let message: string | undefined;
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    message = (err as InputError).message;
  }
  if (message === undefined) throw new Error("expected an InputError, the text loaded");
  expect(message).toContain(`${FILE}:${line}`);
  if (column !== undefined) expect(message).toContain(`column "${column}"`);
  return message;
}

describe("loadTelco on the valid fixture", () => {
  const { table, quality } = load(FIXTURE);

  it("parses every column explicitly into typed arrays", () => {
    expect(table.file).toBe(FILE);
    expect(table.ids).toEqual(["0001-AAAAA", "0002-BBBBB", "0003-CCCCC", "0004-DDDDD", "0005-EEEEE", "0006-FFFFF"]);
    expect(Array.from(table.lines)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(table.tenure).toEqual(Int32Array.from([12, 3, 0, 40, 4, 1]));
    expect(table.seniorCitizen).toEqual(Uint8Array.from([0, 1, 0, 0, 0, 0]));
    expect(table.monthlyCharges).toEqual(Float64Array.from([55.2, 99.65, 30.1, 20.05, 20, 70.7]));
    expect(table.totalCharges).toEqual(Float64Array.from([650.75, 290.1, 0, 812.4, 120, 70.7]));
    expect(table.churn).toEqual(Uint8Array.from([0, 1, 0, 0, 1, 1]));
  });

  it("codes categoricals as indices into the schema levels", () => {
    expect(Object.keys(table.categorical)).toEqual([...TELCO_CATEGORICAL_NAMES]);
    const decode = (name: (typeof TELCO_CATEGORICAL_NAMES)[number]): string[] => {
      const c = table.categorical[name];
      expect(c.levels).toBe(TELCO_CATEGORICAL_LEVELS[name]);
      return Array.from(c.codes, (k) => c.levels[k] as string);
    };
    expect(decode("gender")).toEqual(["Female", "Male", "Female", "Male", "Female", "Male"]);
    expect(decode("MultipleLines")).toEqual(["No", "Yes", "No phone service", "No", "No", "No"]);
    expect(decode("InternetService")).toEqual(["DSL", "Fiber optic", "DSL", "No", "DSL", "Fiber optic"]);
    expect(decode("TechSupport")).toEqual(["Yes", "No", "No", "No internet service", "No", "No"]);
    expect(decode("Contract")).toEqual([
      "One year",
      "Month-to-month",
      "Two year",
      "Two year",
      "Month-to-month",
      "Month-to-month",
    ]);
    expect(decode("PaymentMethod")).toEqual([
      "Mailed check",
      "Electronic check",
      "Credit card (automatic)",
      "Bank transfer (automatic)",
      "Electronic check",
      "Electronic check",
    ]);
    expect(table.categorical.Partner.codes).toEqual(Uint8Array.from([1, 0, 0, 1, 0, 0]));
  });

  it("summarises quality: blank TotalCharges at tenure 0 altered, charge gap flagged", () => {
    expect(quality.file).toBe(FILE);
    expect(quality.rowsRead).toBe(6);
    expect(quality.rowsAccepted).toBe(6);
    expect(quality.rejected).toEqual([]);
    expect(quality.altered).toHaveLength(1);
    expect(quality.altered[0]).toMatchObject({ column: "TotalCharges", count: 1, firstLines: [4] });
    expect(quality.flagged).toHaveLength(1);
    // Line 6: tenure 4 × 20.00 = 80 vs TotalCharges 120: gap 40 > 0.25 × 120.
    expect(quality.flagged[0]).toMatchObject({ count: 1, firstLines: [6] });
  });

  it("takes the flag rule as an option", () => {
    const strict = loadTelco(FIXTURE, { file: FILE, chargeGap: { minTenure: 2, maxRelativeGap: 0.01 } });
    // Gaps: 11.65/650.75, 8.85/290.1, 10.4/812.4, 40/120 all exceed 1 %.
    expect(strict.quality.flagged[0]).toMatchObject({ count: 4, firstLines: [2, 3, 5, 6] });
    const msg = (() => {
      try {
        loadTelco(FIXTURE, { file: FILE, chargeGap: { minTenure: 2, maxRelativeGap: -1 } });
      } catch (err) {
        return (err as Error).message;
      }
      return "";
    })();
    expect(msg).toContain("chargeGap.maxRelativeGap");
  });

  it("accepts the columns in any order, with a BOM and CRLF line ends", () => {
    const cells = fixtureCells();
    const order = (cells[0] as string[]).map((_, j) => j).reverse();
    const shuffled = cells.map((r) => order.map((j) => r[j] as string));
    const text = `\uFEFF${toText(shuffled).replace(/\n/g, "\r\n")}`;
    expect(load(text)).toEqual(load(FIXTURE));
  });

  it("is deterministic", () => {
    expect(load(FIXTURE)).toEqual(load(FIXTURE));
  });
});

describe("loadTelco rejects malformed input with file, line, column and value", () => {
  it("a missing required column (line 1)", () => {
    const cells = fixtureCells();
    const j = (cells[0] as string[]).indexOf("tenure");
    const text = toText(cells.map((r) => r.filter((_, k) => k !== j)));
    const msg = expectLoadError(text, 1, "tenure");
    expect(msg).toContain("required column");
  });

  it("a misspelt column, reported as missing with the unknown name as a hint", () => {
    const text = FIXTURE.replace(",tenure,", ",Tenure,");
    const msg = expectLoadError(text, 1, "tenure");
    expect(msg).toContain('unknown columns: "Tenure"');
  });

  it("an extra unknown column (strict schema)", () => {
    const cells = fixtureCells().map((r, i) => [...r, i === 0 ? "Region" : "North"]);
    const msg = expectLoadError(toText(cells), 1, "Region");
    expect(msg).toContain("strict schema");
  });

  it("a header-only file", () => {
    const msg = expectLoadError(`${FIXTURE.split("\n")[0]}\r\n`, 1);
    expect(msg).toContain("expected at least one data row");
  });

  it("an unknown category value, listing the allowed ones", () => {
    const msg = expectLoadError(withValue(1, "Contract", "Monthly"), 3, "Contract");
    expect(msg).toContain('"Monthly"');
    expect(msg).toContain('one of "Month-to-month", "One year", "Two year"');
  });

  it("a category value that differs only in case or spacing", () => {
    expect(expectLoadError(withValue(4, "gender", "female"), 6, "gender")).toContain('"female"');
    expect(expectLoadError(withValue(0, "Partner", "Yes "), 2, "Partner")).toContain('"Yes "');
  });

  it("a non-numeric MonthlyCharges", () => {
    const msg = expectLoadError(withValue(2, "MonthlyCharges", "$30.10"), 4, "MonthlyCharges");
    expect(msg).toContain('"$30.10"');
  });

  it("a number with an exponent, a blank MonthlyCharges or a negative amount", () => {
    expect(expectLoadError(withValue(0, "TotalCharges", "6.5e2"), 2, "TotalCharges")).toContain('"6.5e2"');
    expect(expectLoadError(withValue(5, "MonthlyCharges", " "), 7, "MonthlyCharges")).toContain('" "');
    expect(expectLoadError(withValue(3, "TotalCharges", "-812.4"), 5, "TotalCharges")).toContain(">= 0");
  });

  it("a non-integer tenure", () => {
    const msg = expectLoadError(withValue(3, "tenure", "40.5"), 5, "tenure");
    expect(msg).toContain('"40.5"');
    expect(msg).toContain("whole number");
  });

  it("a negative tenure", () => {
    const msg = expectLoadError(withValue(1, "tenure", "-3"), 3, "tenure");
    expect(msg).toContain('"-3"');
    expect(msg).toContain(">= 0");
  });

  it("a SeniorCitizen that is not 0/1", () => {
    expect(expectLoadError(withValue(1, "SeniorCitizen", "Yes"), 3, "SeniorCitizen")).toContain('"Yes"');
    expect(expectLoadError(withValue(0, "SeniorCitizen", "2"), 2, "SeniorCitizen")).toContain('"2"');
  });

  it("a Churn that is not Yes/No", () => {
    const msg = expectLoadError(withValue(5, "Churn", "1"), 7, "Churn");
    expect(msg).toContain('"1"');
    expect(msg).toContain('"Yes" or "No"');
  });

  it("a duplicate customerID, naming both lines", () => {
    const msg = expectLoadError(withValue(4, "customerID", "0002-BBBBB"), 6, "customerID");
    expect(msg).toContain('"0002-BBBBB"');
    expect(msg).toContain("first on line 3");
  });

  it("an empty or blank customerID", () => {
    expect(expectLoadError(withValue(2, "customerID", ""), 4, "customerID")).toContain('got ""');
    expect(expectLoadError(withValue(2, "customerID", "  "), 4, "customerID")).toContain('got "  "');
  });

  it("a blank TotalCharges at tenure > 0", () => {
    const msg = expectLoadError(withValue(0, "TotalCharges", " "), 2, "TotalCharges");
    expect(msg).toContain("tenure 12");
    expect(msg).toContain('got " "');
  });

  it("PhoneService=No without MultipleLines='No phone service'", () => {
    const msg = expectLoadError(withValue(2, "MultipleLines", "No"), 4, "MultipleLines");
    expect(msg).toContain('"No phone service" because PhoneService is "No"');
    expect(msg).toContain('got "No"');
  });

  it("MultipleLines='No phone service' with PhoneService=Yes", () => {
    const msg = expectLoadError(withValue(0, "MultipleLines", "No phone service"), 2, "MultipleLines");
    expect(msg).toContain('because PhoneService is "Yes"');
  });

  it("InternetService=No with an internet add-on", () => {
    const msg = expectLoadError(withValue(3, "StreamingMovies", "Yes"), 5, "StreamingMovies");
    expect(msg).toContain('"No internet service" because InternetService is "No"');
    expect(msg).toContain('got "Yes"');
  });

  it("'No internet service' with InternetService=Fiber optic", () => {
    const msg = expectLoadError(withValue(1, "OnlineBackup", "No internet service"), 3, "OnlineBackup");
    expect(msg).toContain('because InternetService is "Fiber optic"');
  });

  it("a ragged row (CSV level)", () => {
    const text = FIXTURE.replace(",Mailed check,55.20,", ",Mailed check,55.20,1.0,");
    const msg = expectLoadError(text, 2, "Churn");
    expect(msg).toContain("expected 21 fields");
    expect(msg).toContain("got 22 fields");
  });
});

describe("readTelcoFile", () => {
  it("reads a file and names it by its path", () => {
    const { table, quality } = readTelcoFile(FIXTURE_PATH);
    expect(table.file).toBe(FIXTURE_PATH);
    expect(quality.file).toBe(FIXTURE_PATH);
    expect(table.ids).toHaveLength(6);
    expect(table.churn).toEqual(load(FIXTURE).table.churn);
  });

  it("wraps a missing file into an InputError", () => {
    const path = fileURLToPath(new URL("../fixtures/telco/does-not-exist.csv", import.meta.url));
    expect(() => readTelcoFile(path)).toThrow(InputError);
    expect(() => readTelcoFile(path)).toThrow(`${path}: expected a readable Telco CSV file, got ENOENT`);
  });
});

const REAL = telcoCsvAvailable();

describe.skipIf(!REAL)(`real Telco file${REAL ? "" : ` (skipped: not found at ${telcoCsvPath()}; set TELCO_CSV)`}`, () => {
  const path = telcoCsvPath();
  const text = REAL ? readFileSync(path, "utf8") : "";
  const { table, quality } = REAL ? loadTelco(text, { file: path }) : load(FIXTURE);

  const count = (codes: Uint8Array, levels: readonly string[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const l of levels) out[l] = 0;
    for (const k of codes) out[levels[k] as string]! += 1;
    return out;
  };

  it("has 7043 rows with 7043 unique ids, 1869 churners", () => {
    expect(quality.rowsRead).toBe(7043);
    expect(quality.rowsAccepted).toBe(7043);
    expect(quality.rejected).toEqual([]);
    expect(table.ids).toHaveLength(7043);
    expect(new Set(table.ids).size).toBe(7043);
    expect(table.churn.reduce((s, v) => s + v, 0)).toBe(1869);
    expect(table.lines[0]).toBe(2);
    expect(table.lines[7042]).toBe(7044);
  });

  it("alters exactly the 11 blank TotalCharges, all at tenure 0", () => {
    expect(quality.altered).toHaveLength(1);
    expect(quality.altered[0]).toMatchObject({ column: "TotalCharges", count: 11, firstLines: [490, 755, 938, 1084, 1342] });
    const zeroTenure: number[] = [];
    for (let i = 0; i < table.tenure.length; i++) if (table.tenure[i] === 0) zeroTenure.push(table.lines[i] as number);
    expect(zeroTenure).toEqual([490, 755, 938, 1084, 1342, 3333, 3828, 4382, 5220, 6672, 6756]);
    for (let i = 0; i < table.tenure.length; i++) if (table.tenure[i] === 0) expect(table.totalCharges[i]).toBe(0);
  });

  it("has tenure 0..72 summing to 227990 and 1142 senior citizens", () => {
    expect(Math.min(...table.tenure)).toBe(0);
    expect(Math.max(...table.tenure)).toBe(72);
    expect(table.tenure.reduce((s, v) => s + v, 0)).toBe(227990);
    expect(table.seniorCitizen.reduce((s, v) => s + v, 0)).toBe(1142);
  });

  it("has the known Contract and InternetService counts", () => {
    const c = table.categorical;
    expect(count(c.Contract.codes, c.Contract.levels)).toEqual({
      "Month-to-month": 3875,
      "One year": 1473,
      "Two year": 1695,
    });
    expect(count(c.InternetService.codes, c.InternetService.levels)).toEqual({
      "Fiber optic": 3096,
      DSL: 2421,
      No: 1526,
    });
  });

  it(`flags 28 rows under the default charge-gap rule (${DEFAULT_CHARGE_GAP_RULE.maxRelativeGap} at tenure >= ${DEFAULT_CHARGE_GAP_RULE.minTenure})`, () => {
    expect(quality.flagged).toHaveLength(1);
    expect(quality.flagged[0]).toMatchObject({ count: 28, firstLines: [126, 778, 871, 902, 1622] });
    // A 50 % threshold flags none (largest relative gap is 0.45); 10 % flags 386.
    const at = (maxRelativeGap: number): number =>
      loadTelco(text, { file: path, chargeGap: { minTenure: 2, maxRelativeGap } }).quality.flagged[0]?.count ?? -1;
    expect(at(0.5)).toBe(0);
    expect(at(0.1)).toBe(386);
  });

  it("loads the same table from LF and CRLF line ends", () => {
    const lf = text.replace(/\r\n/g, "\n");
    const crlf = lf.replace(/\n/g, "\r\n");
    expect(lf.includes("\r")).toBe(false);
    expect(crlf.split("\r\n")).toHaveLength(7045);
    const fromLf = loadTelco(lf, { file: path });
    const fromCrlf = loadTelco(crlf, { file: path });
    expect(digest(fromLf)).toEqual(digest(fromCrlf));
    expect(digest(fromLf)).toEqual(digest({ table, quality }));
    // The digest sees a one-value change.
    const changed = loadTelco(lf.replace(",No\n", ",Yes\n"), { file: path });
    expect(digest(changed)).not.toEqual(digest(fromLf));
  });

  it("reads the same through readTelcoFile", () => {
    expect(digest(readTelcoFile(path))).toEqual(digest({ table, quality }));
  });

  it("covers exactly the schema columns", () => {
    expect((text.split(/\r?\n/)[0] ?? "").split(",")).toEqual(TELCO_COLUMNS.map((c) => c.name));
  });
});
