import { describe, expect, it } from "vitest";
import { parseCsv, type CsvTable } from "../../src/data/csv.js";
import { InputError } from "../../src/util/errors.js";

const FILE = "sample.csv";

function parse(text: string): CsvTable {
  return parseCsv(text, { file: FILE });
}

/** Runs `fn`, asserts it throws an InputError, and returns its message. */
function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error("expected an InputError, nothing was thrown");
}

describe("parseCsv: accepted syntax", () => {
  it("parses a plain table with 1-based record lines", () => {
    const t = parse("a,b,c\n1,2,3\n4,5,6\n");
    expect(t.header).toEqual(["a", "b", "c"]);
    expect(t.rows).toEqual([
      ["1", "2", "3"],
      ["4", "5", "6"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 3]);
    expect(t.lines).toBeInstanceOf(Uint32Array);
  });

  it("keeps commas inside quoted fields", () => {
    const t = parse('name,method\nx,"Bank transfer, automatic"\n');
    expect(t.rows).toEqual([["x", "Bank transfer, automatic"]]);
  });

  it("turns doubled quotes into one quote", () => {
    const t = parse('a,b\n"say ""hi""",""""\n');
    expect(t.rows).toEqual([['say "hi"', '"']]);
  });

  it("keeps an embedded CRLF in a quoted field and counts its physical lines", () => {
    const t = parse('a,b\r\n"line1\r\nline2",2\r\n3,4\r\n');
    expect(t.rows).toEqual([
      ["line1\r\nline2", "2"],
      ["3", "4"],
    ]);
    expect(Array.from(t.lines)).toEqual([2, 4]);
  });

  it("counts lines through embedded LF and lone CR", () => {
    const t = parse('a,b\n"x\n\ny",1\n"p\rq",2\n5,6');
    expect(t.rows.map((r) => r[1])).toEqual(["1", "2", "6"]);
    expect(Array.from(t.lines)).toEqual([2, 5, 7]);
  });

  it("strips a UTF-8 BOM from the first header name", () => {
    const t = parse("\uFEFFcustomerID,x\nA,1\n");
    expect(t.header).toEqual(["customerID", "x"]);
  });

  it("gives identical tables for CRLF, LF, lone CR and mixed line ends", () => {
    const lf = "a,b,c\n1,,3\n\"q,1\",5,6\n7,8,9\n";
    const crlf = lf.replace(/\n/g, "\r\n");
    const cr = lf.replace(/\n/g, "\r");
    const mixed = 'a,b,c\r\n1,,3\n"q,1",5,6\r\n7,8,9';
    const ref = parse(lf);
    expect(ref.rows).toHaveLength(3);
    for (const text of [crlf, cr, mixed]) expect(parse(text)).toEqual(ref);
  });

  it("accepts a missing final line end", () => {
    expect(parse("a,b\n1,2")).toEqual(parse("a,b\n1,2\n"));
    expect(parse('a,b\n1,"2"').rows).toEqual([["1", "2"]]);
  });

  it("ignores blank trailing lines but keeps trailing spaces of the last record", () => {
    const t = parse("a,b\n1,2  \n\n \t\r\n\n");
    expect(t.rows).toEqual([["1", "2  "]]);
    expect(Array.from(t.lines)).toEqual([2]);
  });

  it("keeps empty and whitespace fields verbatim (no trimming, no inference)", () => {
    const t = parse('a,b,c,d\n, ,"",007\n');
    expect(t.rows).toEqual([["", " ", "", "007"]]);
  });

  it("returns no rows for a header-only file", () => {
    const t = parse("a,b\r\n");
    expect(t.header).toEqual(["a", "b"]);
    expect(t.rows).toEqual([]);
    expect(t.lines.length).toBe(0);
  });

  it("keeps quoted newlines that reach the end of the file", () => {
    const t = parse('a,b\n1,"x\n\n"\n\n');
    expect(t.rows).toEqual([["1", "x\n\n"]]);
  });
});

describe("parseCsv: errors name file, line and column", () => {
  it("rejects an empty file and a whitespace-only file", () => {
    for (const text of ["", "\uFEFF", "\r\n\n  \n"]) {
      const msg = errorOf(() => parse(text));
      expect(msg).toBe("sample.csv:1: expected a header row, got an empty file");
    }
  });

  it("rejects a short (truncated) row with its line, counts and first missing column", () => {
    const msg = errorOf(() => parse("a,b,c\n1,2,3\n4,5\n7,8,9\n"));
    expect(msg).toContain("sample.csv:3");
    expect(msg).toContain('column "c"');
    expect(msg).toContain("expected 3 fields");
    expect(msg).toContain("got 2 fields");
  });

  it("rejects a long (ragged) row naming the last header column", () => {
    const msg = errorOf(() => parse("a,b,c\n1,2,3\n4,5,6\n7,8,9,10,11\n"));
    expect(msg).toContain("sample.csv:4");
    expect(msg).toContain('column "c"');
    expect(msg).toContain("expected 3 fields");
    expect(msg).toContain("got 5 fields");
  });

  it("reports the starting line of a ragged record that spans lines", () => {
    const msg = errorOf(() => parse('a,b,c\n"x\ny",2\n'));
    expect(msg).toContain("sample.csv:2");
    expect(msg).toContain('column "c"');
  });

  it("rejects a blank line in the middle of the data", () => {
    const msg = errorOf(() => parse("a,b\n1,2\n\n3,4\n"));
    expect(msg).toContain("sample.csv:3");
    expect(msg).toContain('column "b"');
    expect(msg).toContain("got a blank line");
  });

  it("rejects an unterminated quote at the line where the field opened", () => {
    const msg = errorOf(() => parse('a,b\n1,2\n3,"open\n5,6\n7,8\n'));
    expect(msg).toContain("sample.csv:3");
    expect(msg).toContain('column "b"');
    expect(msg).toContain("closing quote");
  });

  it("rejects an unterminated quote in the header", () => {
    const msg = errorOf(() => parse('a,"b\n1,2\n'));
    expect(msg).toContain("sample.csv:1");
    expect(msg).toContain("header field 2");
  });

  it("rejects a stray quote inside an unquoted field", () => {
    const msg = errorOf(() => parse('a,b\n1,2\n3,ab"c\n'));
    expect(msg).toContain("sample.csv:3");
    expect(msg).toContain('column "b"');
    expect(msg).toContain('"ab\\"c"');
  });

  it("rejects text after a closing quote", () => {
    const msg = errorOf(() => parse('a,b\n"x"y,2\n'));
    expect(msg).toContain("sample.csv:2");
    expect(msg).toContain('column "a"');
  });

  it("rejects duplicate header names", () => {
    const msg = errorOf(() => parse("id,x,id\n1,2,3\n"));
    expect(msg).toContain("sample.csv:1");
    expect(msg).toContain('column "id"');
    expect(msg).toContain("fields 1 and 3");
  });
});

describe("parseCsv: speed", () => {
  it("parses about 1 MB of quoted fields with embedded newlines, keeping record start lines", () => {
    const header = "id,name,note,amount,flag\n";
    const row = (i: number): string =>
      `${i},"Customer, ${i}","said ""hello""\nthen left",${(i * 1.25).toFixed(2)},Yes\r\n`;
    const parts: string[] = [header];
    let size = header.length;
    let i = 0;
    while (size < 1_000_000) {
      const r = row(i++);
      parts.push(r);
      size += r.length;
    }
    const text = parts.join("");
    const t = parse(text);
    expect(t.rows).toHaveLength(i);
    expect(t.rows[i - 1]?.[2]).toBe('said "hello"\nthen left');
    expect(t.lines[i - 1]).toBe(2 + 2 * (i - 1));
  });
});
