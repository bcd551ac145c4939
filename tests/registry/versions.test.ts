import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { listVersions, loadVersion, parseVersionFolderName, registerVersion, versionFolderName, type RegisterOptions } from "../../src/registry/index.js";
import { sha256Hex } from "../../src/io/safeTarget.js";

const base = mkdtempSync(join(tmpdir(), "churn-registry-versions-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let counter = 0;
/** A fresh registry folder (not created yet). */
const fresh = (): string => join(base, `r${++counter}`);

const payload = Object.freeze({ "model.json": '{"kind":"test","weights":[1,2]}\n', "schema.json": new Uint8Array([123, 125, 10]) });
const metadata = Object.freeze({ model: "gbm", signature: { inputs: ["tenure"] }, metrics: Object.freeze({ rocAuc: 0.81 }) });
const at = (day: number): RegisterOptions => ({ now: new Date(Date.UTC(2026, 10, day)) });

/** Matches a thrown {@link InputError} that has `fields` (its message, location, got, …). */
const inputError = (fields: Record<string, unknown>) => expect.objectContaining({ name: "InputError", ...fields });

describe("version folder names", () => {
  it("are zero-padded to six digits and parse back only in that canonical form", () => {
    expect(versionFolderName(3)).toBe("000003");
    expect(versionFolderName(1234567)).toBe("1234567");
    expect(parseVersionFolderName("000042")).toBe(42);
    for (const name of ["42", "0000042", "000000", "00004a", ".tmp-1"]) expect(parseVersionFolderName(name)).toBeNull();
  });
});

describe("registerVersion and loadVersion", () => {
  it("numbers versions 1, 2 and gives identical content a new version with the same payload digest", () => {
    const dir = fresh();
    const a = registerVersion(dir, payload, metadata, at(1));
    const b = registerVersion(dir, payload, metadata, at(2));
    expect([a.version, b.version]).toEqual([1, 2]);
    expect(a.path).toBe(join(dir, "versions", "000001"));
    expect(b.sha256).toBe(a.sha256);
    expect(registerVersion(dir, { "model.json": "other\n" }, metadata).sha256).not.toBe(a.sha256);
    expect(readdirSync(join(dir, "versions"))).toEqual(["000001", "000002", "000003"]);
  });

  it("loads the bytes, hashes, metadata (as given) and time, by number or numeric string", () => {
    const dir = fresh();
    registerVersion(dir, payload, metadata, at(1));
    const v = loadVersion(dir, "1");
    expect(v.version).toBe(1);
    expect(v.createdAt).toBe("2026-11-01T00:00:00.000Z");
    expect(new TextDecoder().decode(v.files["model.json"]!)).toBe(payload["model.json"]);
    expect([...v.files["schema.json"]!]).toEqual([...payload["schema.json"]]);
    expect(v.hashes["model.json"]).toBe(sha256Hex(payload["model.json"]));
    expect(v.metadata).toEqual(metadata);
    expect(loadVersion(dir, 1).sha256).toBe(v.sha256);
    const record = JSON.parse(readFileSync(join(dir, "versions", "000001", "version.json"), "utf8"));
    expect(record).toEqual({ format: 1, version: 1, createdAt: v.createdAt, files: v.hashes, metadata });
    expect(listVersions(dir).map((i) => i.version)).toEqual([1]);
  });

  it("detects a modified, a missing and an extra file, naming it", () => {
    const dir = fresh();
    const { path } = registerVersion(dir, payload, metadata);
    writeFileSync(join(path, "model.json"), '{"kind":"test","weights":[1,3]}\n');
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ message: expect.stringMatching(/model\.json: expected SHA-256 [0-9a-f]{64} as recorded in version\.json, got SHA-256 [0-9a-f]{64} \(the file was modified\)$/) }));
    writeFileSync(join(path, "model.json"), payload["model.json"]);
    expect(loadVersion(dir, 1).version).toBe(1);
    writeFileSync(join(path, "notes.txt"), "hello");
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ location: expect.objectContaining({ file: join(path, "notes.txt") }) }));
    unlinkSync(join(path, "notes.txt"));
    unlinkSync(join(path, "schema.json"));
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ location: { file: join(path, "schema.json") }, got: expect.stringMatching(/^no such file/) }));
  });

  it("names the file and line of a corrupt version.json, and the key of a wrong value", () => {
    const dir = fresh();
    const { path } = registerVersion(dir, payload, metadata);
    const file = join(path, "version.json");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace('"version": 1,', '"version": 1,,'));
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ message: expect.stringContaining(`${file}:3: expected valid JSON, got invalid JSON`) }));
    writeFileSync(file, good.replace('"version": 1,', '"version": 2,'));
    expect(() => listVersions(dir)).toThrow(inputError({ message: `${file}, key "version": expected 1, the number of its folder, got number 2` }));
    writeFileSync(file, good.replace('"format": 1', '"format": 2'));
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ location: expect.objectContaining({ key: "format" }) }));
    writeFileSync(file, good.replace(/"metadata": \{[^]*\}\n\}/, '"metadata": [1]\n}'));
    expect(() => loadVersion(dir, 1)).toThrow(inputError({ message: expect.stringMatching(/key "metadata": expected a JSON object, got a list of 1/) }));
  });

  it("says which versions exist when asked for one that does not", () => {
    const dir = fresh();
    registerVersion(dir, payload, metadata);
    expect(() => loadVersion(dir, 7)).toThrow(inputError({ message: `${join(dir, "versions", "000007")}: expected an existing version (registered: 1), got no version 7` }));
    expect(() => loadVersion(dir, "not an alias!")).toThrow(inputError({ location: expect.objectContaining({ key: "ref" }) }));
    expect(listVersions(join(base, "nothing-here"))).toEqual([]);
  });

  it("refuses bad payload names and metadata that JSON cannot hold, before writing anything", () => {
    const dir = fresh();
    expect(() => registerVersion(dir, {}, metadata)).toThrow(/at least one payload file/);
    for (const name of ["../x", "a/b", ".hidden", "version.json", ""]) expect(() => registerVersion(dir, { [name]: "x" }, metadata)).toThrow(RangeError);
    expect(() => registerVersion(dir, payload, { metrics: { rocAuc: Number.NaN } })).toThrow(/metadata\.metrics\.rocAuc is NaN/);
    expect(() => registerVersion(dir, payload, { when: new Date(0) })).toThrow(/metadata\.when is a Date/);
    expect(() => registerVersion(dir, payload, { gone: undefined })).toThrow(/metadata\.gone is undefined/);
    expect(() => registerVersion(dir, payload, [1, 2])).toThrow(/must be a JSON object, got an array/);
    expect(listVersions(dir)).toEqual([]);
  });
});

describe("failures and concurrency within one process", () => {
  it("a registration that fails mid-write leaves no version and no temporary folder; the next one works", () => {
    const dir = fresh();
    registerVersion(dir, payload, metadata);
    const files = {
      "a.json": "{}\n",
      get "b.json"(): string {
        throw new Error("disk full");
      },
    };
    expect(() => registerVersion(dir, files, metadata)).toThrow("disk full");
    expect(() => registerVersion(dir, payload, metadata, { beforeCommit: () => { throw new Error("killed at the last moment"); } })).toThrow("killed");
    expect(readdirSync(join(dir, "versions"))).toEqual(["000001"]);
    expect(registerVersion(dir, payload, metadata).version).toBe(2);
  });

  it("a temporary folder left by a killed registration is ignored", () => {
    const dir = fresh();
    mkdirSync(join(dir, "versions", ".tmp-999-dead"), { recursive: true });
    writeFileSync(join(dir, "versions", ".tmp-999-dead", "model.json"), "half");
    expect(listVersions(dir)).toEqual([]);
    expect(registerVersion(dir, payload, metadata).version).toBe(1);
    expect(loadVersion(dir, 1).version).toBe(1);
  });

  it("a registration whose number is taken while it writes claims the next one", () => {
    const dir = fresh();
    const claims: number[] = [];
    const outer = registerVersion(dir, payload, { who: "outer" }, {
      beforeCommit: (n) => {
        claims.push(n);
        if (claims.length === 1) expect(registerVersion(dir, payload, { who: "inner" }).version).toBe(1);
      },
    });
    expect(claims).toEqual([1, 2]);
    expect(outer.version).toBe(2);
    expect(listVersions(dir).map((v) => [v.version, v.metadata.who])).toEqual([
      [1, "inner"],
      [2, "outer"],
    ]);
    expect(loadVersion(dir, 2).metadata).toEqual({ who: "outer" });
  });

  it("rejects a stray entry in versions/ that is not a version folder, naming it", () => {
    const dir = fresh();
    registerVersion(dir, payload, metadata);
    writeFileSync(join(dir, "versions", "7"), "");
    expect(() => listVersions(dir)).toThrow(inputError({ location: expect.objectContaining({ file: join(dir, "versions", "7") }) }));
  });
});
