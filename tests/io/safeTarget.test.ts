import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { assertReplaceableOutput, fileMarkerPath, OUTPUT_MARKER, outputMarkerText, PROJECT_ROOT, writeOutputDir, writeOutputFile } from "../../src/io/index.js";
import { InputError } from "../../src/util/errors.js";
import { snapshotTree } from "../helpers/tree.js";

const base = mkdtempSync(join(tmpdir(), "churn-safe-target-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A fresh folder under the test's temp folder holding `files` (name → text). */
function folder(files: Record<string, string> = {}): string {
  const dir = join(base, `case-${++n}`);
  mkdirSync(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** The refusal message for `path`, checking it is a one-line InputError naming the path and that nothing changed. */
function refusal(path: string, options: Parameters<typeof assertReplaceableOutput>[1] = {}): string {
  const before = snapshotTree(dirname(path));
  let caught: unknown;
  try {
    assertReplaceableOutput(path, options);
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(InputError);
  const message = (caught as InputError).message;
  expect(message.startsWith(path)).toBe(true);
  expect(message).not.toContain("\n");
  expect(snapshotTree(dirname(path))).toEqual(before);
  return message;
}

/** A previous output folder as writeOutputDir leaves it. */
function previousOutput(files: Record<string, string> = { "a.txt": "a\n", "b.txt": "b\n" }): string {
  const dir = join(base, `out-${++n}`);
  writeOutputDir(dir, files, { writer: "test" });
  return dir;
}

describe("assertReplaceableOutput: folders", () => {
  it("allows an absent path, an empty folder and a previous output of this tool", () => {
    expect(() => assertReplaceableOutput(join(base, "absent", "deeper"))).not.toThrow();
    expect(() => assertReplaceableOutput(folder())).not.toThrow();
    expect(() => assertReplaceableOutput(previousOutput())).not.toThrow();
  });

  it("refuses a folder holding a file this tool did not write, naming it", () => {
    const dir = folder({ "thesis.txt": "four years of work\n" });
    expect(refusal(dir, { key: "--out" })).toBe(`${dir}, key "--out": expected a folder that is absent, empty or a previous output of this tool, got a folder holding 1 entry this tool did not write: "thesis.txt"`);
    const many = folder({ a: "", b: "", c: "", d: "", e: "" });
    expect(refusal(many)).toContain('5 entries this tool did not write: "a", "b", "c" and 2 more');
  });

  it("refuses a previous output folder with an extra foreign entry, or with a file changed since", () => {
    const extra = previousOutput();
    writeFileSync(join(extra, "notes.txt"), "mine\n");
    expect(refusal(extra)).toContain('a previous output folder with 1 entry this tool did not write: "notes.txt"');
    const sub = previousOutput();
    mkdirSync(join(sub, "mine"));
    expect(refusal(sub)).toContain('"mine"');
    const edited = previousOutput();
    writeFileSync(join(edited, "a.txt"), "a, annotated by hand\n");
    expect(refusal(edited)).toContain('whose "a.txt" changed since this tool wrote it');
  });

  it("still allows a previous output folder one of whose files was deleted", () => {
    const dir = previousOutput();
    rmSync(join(dir, "a.txt"));
    expect(() => assertReplaceableOutput(dir)).not.toThrow();
  });

  it("refuses markers that prove nothing, and an old-format output with a one-line fix", () => {
    const broken = folder({ [OUTPUT_MARKER]: "{not json", "a.txt": "a\n" });
    expect(refusal(broken)).toContain(`${OUTPUT_MARKER} is not valid JSON`);
    const otherTool = folder({ [OUTPUT_MARKER]: JSON.stringify({ tool: "other", format: 1, writer: "x", files: {} }) });
    expect(refusal(otherTool)).toContain("is not a marker of churn-workspace");
    const old = folder({ "manifest.json": "{}\n", "report.html": "<html>\n" });
    expect(refusal(old)).toContain(`manifest.json but no ${OUTPUT_MARKER} (an output of an older version? check it, delete it and rerun, or choose another folder)`);
  });

  it("refuses a regular file, a symlink (even to an empty folder) and a device", () => {
    const file = join(folder({ "data.csv": "x\n" }), "data.csv");
    expect(refusal(file)).toContain("got a regular file");
    const empty = folder();
    const link = join(folder(), "link");
    symlinkSync(empty, link);
    expect(refusal(link)).toContain(`got a symbolic link to ${empty}`);
    expect(() => assertReplaceableOutput("/dev/null")).toThrow(/got a character device/);
    const below = join(file, "sub");
    expect(refusal(below)).toContain("a path below something that is not a folder");
  });

  it("refuses the project root, the working folder and their ancestors whatever they hold", () => {
    expect(() => assertReplaceableOutput(PROJECT_ROOT)).toThrow(/got the project root, which is never replaced/);
    expect(() => assertReplaceableOutput(dirname(PROJECT_ROOT))).toThrow(/got a folder that contains the project/);
    expect(() => assertReplaceableOutput("/")).toThrow(/contains the project/);
    const outer = folder();
    const inner = join(outer, "work");
    mkdirSync(inner);
    const cwd = process.cwd();
    try {
      process.chdir(inner);
      expect(() => assertReplaceableOutput(".")).toThrow(/got the working folder, which is never replaced/);
      expect(() => assertReplaceableOutput(outer)).toThrow(/got a folder that contains the working folder/);
    } finally {
      process.chdir(cwd);
    }
    // reached through a link to the project's parent
    const link = join(folder(), "up");
    symlinkSync(dirname(PROJECT_ROOT), link);
    expect(() => assertReplaceableOutput(join(link, basename(PROJECT_ROOT)))).toThrow(/got the project root/);
  });
});

describe("assertReplaceableOutput: single files", () => {
  it("allows an absent file and one this tool wrote, unchanged", () => {
    const dir = folder();
    const path = join(dir, "snapshot.csv");
    expect(() => assertReplaceableOutput(path, { kind: "file" })).not.toThrow();
    writeOutputFile(path, "a,b\n1,2\n", { writer: "test" });
    expect(() => assertReplaceableOutput(path, { kind: "file" })).not.toThrow();
  });

  it("refuses a file without a marker, one changed since, a folder and a symlink", () => {
    const dir = folder({ "telco.csv": "the real data\n" });
    expect(refusal(join(dir, "telco.csv"), { kind: "file", key: "--snapshot" })).toBe(
      `${join(dir, "telco.csv")}, key "--snapshot": expected a file that is absent or a previous output of this tool, got an existing file without the marker .telco.csv${OUTPUT_MARKER} beside it, so not written by this tool`,
    );
    const ours = join(dir, "ours.csv");
    writeOutputFile(ours, "x\n", { writer: "test" });
    writeFileSync(ours, "x, edited\n");
    expect(refusal(ours, { kind: "file" })).toContain('"ours.csv" changed since this tool wrote it');
    expect(refusal(folder(), { kind: "file" })).toContain("got a folder");
    const link = join(dir, "link.csv");
    symlinkSync(join(dir, "telco.csv"), link);
    expect(refusal(link, { kind: "file" })).toContain("got a symbolic link");
  });

  it("refuses an absent file whose marker path holds something foreign", () => {
    const dir = folder();
    const path = join(dir, "new.csv");
    writeFileSync(fileMarkerPath(path), "not ours\n");
    expect(refusal(path, { kind: "file" })).toContain("an absent file whose marker path holds something else");
  });
});

describe("outputMarkerText", () => {
  it("records the tool, the writer and each file's SHA-256, sorted by name", () => {
    expect(JSON.parse(outputMarkerText("report", { "b.txt": "", "a.txt": new Uint8Array([97]) }))).toEqual({
      tool: "churn-workspace",
      format: 1,
      writer: "report",
      files: {
        "a.txt": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
        "b.txt": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      },
    });
  });
});
