import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readManifest } from "../../src/io/offlineStore.js";
import { openOnlineStore } from "../../src/io/onlineStore.js";
import { runCli } from "../helpers/cli.js";

const root = mkdtempSync(join(tmpdir(), "churn-materialize-cli-"));
const config = join(root, "small.yaml");
writeFileSync(config, `synthetic:\n  customers: 300\n  months: 24\nstore:\n  offline: ${join(root, "offline")}\n  online: ${join(root, "online.sqlite")}\n`);

describe("npm run materialize", () => {
  it("writes the offline store and the online store as of --as-of, printing counts and times", () => {
    const r = runCli("src/cli/materialize.ts", ["--config", config, "--as-of", "20", "--quiet"]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const manifest = readManifest(join(root, "offline"));
    expect(manifest.asOf).toEqual({ first: 0, last: 23 });
    const store = openOnlineStore(join(root, "online.sqlite"), { maxFeatureAgeMonths: 1 });
    expect(store.storeMonth).toBe(20);
    expect(store.count).toBe(manifest.partitions.find((p) => p.month === 20)!.rows);
    store.close();
    expect(r.stdout).toMatch(/Offline store: .*\n {2}24 monthly partitions \(months 0\.\.23\), [\d,]+ rows, 36 features, written in [\d.]+ s\n/);
    expect(r.stdout).toContain(`${store.count} customers as of month 20`);
    // Run again: the previous outputs are this tool's, so they are replaced.
    const again = runCli("src/cli/materialize.ts", ["--config", config, "--online", join(root, "second.sqlite"), "--quiet"]);
    expect(again.status).toBe(0);
    const second = openOnlineStore(join(root, "second.sqlite"), { maxFeatureAgeMonths: 1 });
    expect(second.storeMonth).toBe(23);
    second.close();
  });

  it("bad flags exit 2 with one line naming the flag, before any work", () => {
    for (const [args, flag] of [
      [["--as-of", "soon"], "--as-of"],
      [["--as-of", "24"], "--as-of"],
      [["--offline", root], "--offline"],
      [["--colour"], "--colour"],
    ] as const) {
      const r = runCli("src/cli/materialize.ts", ["--config", config, "--quiet", "--online", join(root, "bad.sqlite"), ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
      expect(r.stderr).toContain(flag);
      expect(r.stdout).toBe("");
    }
    expect(existsSync(join(root, "bad.sqlite"))).toBe(false);
  });
});
