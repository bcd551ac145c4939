// src/io/paths.ts: the one path rule for the real Telco file.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findTelcoCsv, PATHS, PROJECT_ROOT, telcoCsvLocation } from "../../src/io/paths.js";

describe("telcoCsvLocation / findTelcoCsv", () => {
  it("takes $TELCO_CSV (trimmed, relative to the project root) and falls back to the shared copy", () => {
    expect(telcoCsvLocation({})).toBe(PATHS.sharedTelco);
    expect(telcoCsvLocation({ TELCO_CSV: "  " })).toBe(PATHS.sharedTelco);
    expect(telcoCsvLocation({ TELCO_CSV: " data/x.csv " })).toBe(join(PROJECT_ROOT, "data", "x.csv"));
    expect(telcoCsvLocation({ TELCO_CSV: "/abs/t.csv" })).toBe("/abs/t.csv");
  });

  it("finds only a readable regular file", () => {
    expect(findTelcoCsv({ TELCO_CSV: "data/definitely-not-here.csv" })).toBeNull();
    expect(findTelcoCsv({ TELCO_CSV: "tests" })).toBeNull();
    expect(findTelcoCsv({ TELCO_CSV: "package.json" })).toBe(join(PROJECT_ROOT, "package.json"));
  });
});
