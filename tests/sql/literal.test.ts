/**
 * Every literal the generator prints reads back in DuckDB as the same value: doubles bit for bit
 * (as DOUBLE, never DECIMAL), strings and identifiers character for character.
 */
import { describe, expect, it } from "vitest";
import { runDuckDbQuery } from "../../src/io/duckdbQuery.js";
import { doubleLiteral, integerLiteral, sqlDialect } from "../../src/sql/index.js";
import { Rng } from "../../src/util/rng.js";

/** The 64 bits of a double, as a hex string (NaN payloads are not compared: SQL has one NaN). */
function bits(x: number): string {
  return new BigUint64Array(Float64Array.of(x).buffer)[0]!.toString(16).padStart(16, "0");
}

/** Doubles worth printing: edge cases, then random bit patterns of every exponent, subnormals and small integers. */
function doubles(): number[] {
  const edges = [0, -0, 5e-324, -5e-324, 2.2250738585072014e-308, 2.225073858507201e-308, 1.7976931348623157e308, -1.7976931348623157e308, Number.EPSILON, 1 - Number.EPSILON / 2, 0.1, 0.2, 0.3, 1e-7, 1.5e-7, 123456789012345680000, 1e21, 1e22, 9007199254740993, 2 ** 53, 4.35, -2.5, 1, 100, 1e-15, 1 - 1e-15, Math.PI, Infinity, -Infinity, NaN];
  const rng = new Rng(20261126);
  const view = new DataView(new ArrayBuffer(8));
  const random: number[] = [];
  while (random.length < 3000) {
    view.setUint32(0, rng.nextUint32());
    view.setUint32(4, rng.nextUint32());
    const x = view.getFloat64(0);
    if (!Number.isNaN(x)) random.push(x);
  }
  const subnormal = Array.from({ length: 200 }, () => (rng.nextUint32() % 2 === 0 ? 1 : -1) * (rng.nextUint32() + 1) * 5e-324);
  const small = Array.from({ length: 200 }, () => ((rng.nextUint32() % 20001) - 10000) / 8);
  return [...edges, ...random, ...subnormal, ...small];
}

describe("number literals", () => {
  it("are written in exponent notation, negatives and −0 in parentheses", () => {
    expect(doubleLiteral(0.1)).toBe("1.0E-1");
    expect(doubleLiteral(1e-7)).toBe("1.0E-7");
    expect(doubleLiteral(123.456)).toBe("1.23456E2");
    expect(doubleLiteral(5e-324)).toBe("5.0E-324");
    expect(doubleLiteral(1.7976931348623157e308)).toBe("1.7976931348623157E308");
    expect(doubleLiteral(-2.5)).toBe("(-2.5E0)");
    expect(doubleLiteral(-0)).toBe("(-0.0E0)");
    expect(doubleLiteral(0)).toBe("0.0E0");
    expect(doubleLiteral(NaN)).toBe("CAST('NaN' AS DOUBLE)");
    expect(doubleLiteral(-Infinity)).toBe("CAST('-Infinity' AS DOUBLE)");
    expect(integerLiteral(-3)).toBe("(-3)");
    expect(() => integerLiteral(1.5)).toThrow(/expected a safe integer, got 1.5/);
  });

  it("read back in DuckDB as DOUBLE with the same 64 bits, 5e-324, the largest double and −0 included", async () => {
    const values = doubles();
    const select = values.map((x, i) => `${doubleLiteral(x)} AS v${i}, typeof(${doubleLiteral(x)}) AS t${i}`).join(", ");
    const out = await runDuckDbQuery(`SELECT ${select}`);
    const wrong: string[] = [];
    values.forEach((x, i) => {
      const got = out.columns[`v${i}`]![0] as number;
      const type = out.columns[`t${i}`]![0];
      const same = Number.isNaN(x) ? Number.isNaN(got) : bits(got) === bits(x);
      if (!same || type !== "DOUBLE") wrong.push(`${doubleLiteral(x)} -> ${String(got)} (${bits(got)} vs ${bits(x)}), ${String(type)}`);
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(values.length).toBeGreaterThan(3000);
  });

  it("survive arithmetic: a − (negative literal) is a subtraction, not a comment", async () => {
    const out = await runDuckDbQuery(`SELECT 1.0E0 - ${doubleLiteral(-2.5)} AS a, 1.0E0 / ${doubleLiteral(-0)} AS b`);
    expect(out.columns.a![0]).toBe(3.5);
    expect(out.columns.b![0]).toBe(-Infinity);
  });
});

describe("strings and identifiers", () => {
  const awkward = ["plain", "it's", 'say "hi"', "back\\slash", "\\'", "two\nlines", "ünïcødé ✓", "", "`tick`", "%_", "--not a comment", "/* nor this */"];

  it("DuckDB reads every string literal back as the same text and quotes any column name", async () => {
    const d = sqlDialect("duckdb");
    const out = await runDuckDbQuery(`SELECT ${awkward.map((s, i) => `${d.string(s)} AS ${d.identifier(`c ${s} ${i}`)}`).join(", ")}`);
    expect(out.names).toEqual(awkward.map((s, i) => `c ${s} ${i}`));
    awkward.forEach((s, i) => expect(out.columns[`c ${s} ${i}`]![0]).toBe(s));
  });

  it("Spark escapes backslashes and quotes with a backslash and doubles backticks", () => {
    const s = sqlDialect("spark");
    expect(s.string("it's")).toBe("'it\\'s'");
    expect(s.string("back\\slash")).toBe("'back\\\\slash'");
    expect(s.identifier("a`b")).toBe("`a``b`");
    expect(s.monthSource("s3://bucket/offline/", 7)).toBe("parquet.`s3://bucket/offline/month=0007/part-0.parquet`");
    expect(sqlDialect("duckdb").monthSource("/data/it's", 42)).toBe("read_parquet('/data/it''s/month=0042/part-0.parquet', hive_partitioning = false)");
  });
});
