import { afterAll, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileMarkerPath, OUTPUT_MARKER, writeOutputDir, writeOutputFile } from "../../src/io/index.js";
import { InputError } from "../../src/util/errors.js";
import { ROOT } from "../helpers/cli.js";
import { snapshotTree } from "../helpers/tree.js";

const base = mkdtempSync(join(tmpdir(), "churn-output-dir-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("writeOutputDir", () => {
  it("writes the files and a marker listing them, and replaces its own previous output by a swap", () => {
    const dir = join(base, "swap", "out");
    writeOutputDir(dir, { "a.txt": "one\n", "b.txt": "two\n" }, { writer: "test" });
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, "a.txt", "b.txt"]);
    expect(Object.keys(JSON.parse(readFileSync(join(dir, OUTPUT_MARKER), "utf8")).files)).toEqual(["a.txt", "b.txt"]);
    const inode = statSync(dir).ino;
    writeOutputDir(dir, { "c.txt": "three\n" }, { writer: "test" });
    expect(readdirSync(dir).sort()).toEqual([OUTPUT_MARKER, "c.txt"]);
    expect(statSync(dir).ino).not.toBe(inode);
    expect(readdirSync(join(base, "swap"))).toEqual(["out"]);
  });

  it("refuses a foreign target before writing anything, and rejects file names that are not plain", () => {
    const dir = join(base, "foreign");
    writeOutputDir(dir, { "a.txt": "ours\n" }, { writer: "test" });
    rmSync(join(dir, OUTPUT_MARKER));
    const before = snapshotTree(base);
    expect(() => writeOutputDir(dir, { "a.txt": "new\n" }, { writer: "test" })).toThrow(InputError);
    for (const name of ["../x", "sub/x", ".hidden", OUTPUT_MARKER, ""]) {
      expect(() => writeOutputDir(join(base, "fresh"), { [name]: "x" }, { writer: "test" })).toThrow(/file names must be plain/);
    }
    expect(snapshotTree(base)).toEqual(before);
  });

  it("leaves the previous output byte-identical when a run fails while writing", () => {
    const dir = join(base, "failing");
    writeOutputDir(dir, { "a.txt": "old a\n", "b.txt": "old b\n" }, { writer: "test" });
    const before = snapshotTree(base);
    const files = {
      "a.txt": "new a\n",
      get "b.txt"(): string {
        throw new Error("disk full");
      },
    };
    expect(() => writeOutputDir(dir, files, { writer: "test" })).toThrow("disk full");
    expect(snapshotTree(base)).toEqual(before);
  });

  it("leaves the previous output byte-identical when the writing process is killed", async () => {
    const parent = join(base, "killed");
    const dir = join(parent, "out");
    writeOutputDir(dir, { "a.txt": "old a\n", "b.txt": "old b\n" }, { writer: "test" });
    const before = snapshotTree(dir);
    const child = spawn(process.execPath, ["--import", "tsx", "tests/fixtures/io/blockedWriter.ts", dir], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => {
        if (d.toString().includes("writing")) resolve();
      });
      child.on("exit", (code) => reject(new Error(`the writer exited (${code}) before blocking: ${stderr}`)));
    });
    const leftover = readdirSync(parent).filter((n) => n.startsWith(".out.tmp-"));
    expect(leftover).toHaveLength(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("close", resolve));
    expect(snapshotTree(dir)).toEqual(before);
    // the next run is not disturbed by the killed run's temporary folder
    writeOutputDir(dir, { "a.txt": "next\n" }, { writer: "test" });
    expect(readFileSync(join(dir, "a.txt"), "utf8")).toBe("next\n");
  });
});

describe("writeOutputFile", () => {
  it("writes the file and its marker, replaces its own file, and refuses a foreign or edited one", () => {
    const path = join(base, "files", "snapshot.csv");
    writeOutputFile(path, "a\n1\n", { writer: "test" });
    expect(readdirSync(join(base, "files")).sort()).toEqual([`.snapshot.csv${OUTPUT_MARKER}`, "snapshot.csv"]);
    writeOutputFile(path, "a\n2\n", { writer: "test" });
    expect(readFileSync(path, "utf8")).toBe("a\n2\n");
    expect(JSON.parse(readFileSync(fileMarkerPath(path), "utf8")).writer).toBe("test");
    rmSync(fileMarkerPath(path));
    const before = snapshotTree(join(base, "files"));
    expect(() => writeOutputFile(path, "a\n3\n", { writer: "test" })).toThrow(/without the marker/);
    expect(snapshotTree(join(base, "files"))).toEqual(before);
  });
});
