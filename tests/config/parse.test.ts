import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig, YAML_LIMITS } from "../../src/config/index.js";
import { readConfig } from "../../src/io/readConfig.js";
import { PATHS } from "../../src/io/paths.js";
import { InputError } from "../../src/util/errors.js";

const defaults = { file: "configs/default.yaml", text: readFileSync(PATHS.defaultConfig, "utf8") };

function errorOf(text: string): InputError {
  try {
    parseConfig(defaults, { file: "user.yaml", text });
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error("expected the config to be rejected");
}

describe("parseConfig", () => {
  it("accepts the committed default config and reads its numbers", () => {
    const c = readConfig();
    expect(c.panel.horizon).toBe(1);
    expect(c.synthetic.customers).toBe(7000);
    expect(c.synthetic.months).toBe(72);
    expect(c.data.source).toBe("synthetic");
    expect(c.synthetic.actions.map((a) => a.name)).toEqual(["discount_offer", "retention_call", "premium_support"]);
  });

  it("overlays a user file key by key and replaces lists whole", () => {
    const c = parseConfig(defaults, { file: "user.yaml", text: "seed: 5\npanel:\n  horizon: 3\nsynthetic:\n  customers: 100\n" });
    expect(c.seed).toBe(5);
    expect(c.panel.horizon).toBe(3);
    expect(c.synthetic.customers).toBe(100);
    expect(c.synthetic.months).toBe(72);
  });

  it("rejects an unknown key with file, line, key path and the allowed keys", () => {
    const e = errorOf("seed: 1\npanel:\n  horizon: 1\n  horizn: 2\n");
    expect(e.message).toContain("user.yaml:4");
    expect(e.message).toContain('key "panel.horizn"');
    expect(e.message).toContain("horizon");
    expect(e.location).toMatchObject({ file: "user.yaml", line: 4, key: "panel.horizn" });
  });

  it("rejects a wrong type with expected and got", () => {
    const e = errorOf("panel:\n  horizon: soon\n");
    expect(e.message).toBe('user.yaml:2, key "panel.horizon": expected an integer >= 1 and <= 24, got string "soon"');
  });

  it("rejects out-of-range numbers inside lists with the list index in the key path", () => {
    const e = errorOf("synthetic:\n  actions:\n    - name: a\n      intercept: 1\n      effects: { monthToMonth: 0, fiber: 0, electronicCheck: 0, senior: 0, highCharges: x, noTechSupport: 0, shortTenure: 0 }\n");
    expect(e.location.key).toBe("synthetic.actions[0].effects.highCharges");
    expect(e.location.line).toBe(5);
    expect(e.got).toBe('string "x"');
  });

  it("rejects a mix whose weights do not sum to 1", () => {
    const e = errorOf('synthetic:\n  acquisition:\n    contract: { "Month-to-month": 0.5, "One year": 0.2, "Two year": 0.2 }\n');
    expect(e.location).toMatchObject({ file: "user.yaml", line: 3, key: "synthetic.acquisition.contract" });
    expect(e.got).toBe("weights summing to 0.9");
  });

  it("rejects a missing required key in the defaults file by name", () => {
    const broken = { file: "d.yaml", text: defaults.text.replace(/^seed: .*$/m, "") };
    expect(() => parseConfig(broken)).toThrow(/d\.yaml.*key "seed".*required/);
  });

  it("rejects cross-field problems: horizon not shorter than the window, duplicate action names", () => {
    expect(errorOf("panel:\n  horizon: 10\nsynthetic:\n  months: 10\n").message).toContain('key "panel.horizon": expected an integer < synthetic.months (10)');
    const dup = errorOf(
      "synthetic:\n  actions:\n" +
        ["a", "a"].map((n) => `    - name: ${n}\n      intercept: 0\n      effects: { monthToMonth: 0, fiber: 0, electronicCheck: 0, senior: 0, highCharges: 0, noTechSupport: 0, shortTenure: 0 }\n`).join(""),
    );
    expect(dup.location.key).toBe("synthetic.actions[1].name");
    const action = (name: string): string => `    - { name: ${name}, cost: 10, successRate: 0.1, costIfChurner: 10, costIfStayer: 10, eligible: [] }\n`;
    const cased = errorOf(`decision:\n  actions:\n${action("Call")}${action("call")}`);
    expect(cased.location.key).toBe("decision.actions[1].name");
    expect(cased.message).toContain('expected a name not used by another action, ignoring case (SQL columns ev_<name> are case-insensitive), got "call", which differs from "Call" only by case');
    expect(errorOf(`decision:\n  actions:\n${action("call")}${action("call")}`).message).toContain('got duplicate "call"');
  });

  it("reports YAML syntax errors with their line, and a non-mapping file", () => {
    expect(errorOf("seed: 1\npanel: [1, 2\n").message).toMatch(/^user\.yaml:\d+: expected valid YAML/);
    expect(errorOf("- 1\n- 2\n").message).toBe("user.yaml:1: expected a YAML mapping of config keys, got a list");
    expect(errorOf("seed: 1\nseed: 2\n").message).toMatch(/user\.yaml:2: expected valid YAML/);
  });

  it("names a missing config file", () => {
    expect(() => readConfig("/nonexistent/x.yaml")).toThrow('/nonexistent/x.yaml: expected a readable YAML config file, got no such file');
  });
});

describe("parseConfig: YAML resource limits are bad input", () => {
  it("stops an alias bomb, and accepts a few aliases", () => {
    const bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 9 }, (_, i) => `a${i + 1}: &a${i + 1} [${Array(9).fill(`*a${i}`).join(", ")}]`)].join("\n");
    expect(errorOf(bomb).message).toBe(`user.yaml: expected YAML whose aliases expand at most ${YAML_LIMITS.maxAliasCount} times, got more (an alias bomb: nested anchors that expand exponentially)`);
    expect(parseConfig(defaults, { file: "user.yaml", text: "seed: &s 9\npanel:\n  horizon: *s\n" }).panel.horizon).toBe(9);
  });

  it("stops nesting deeper than the limit at its line, whether it parses or overflows the parser", () => {
    const deep = (n: number): string => Array.from({ length: n }, (_, i) => `${" ".repeat(i)}k:`).join("\n");
    expect(errorOf(deep(YAML_LIMITS.maxDepth + 1)).message).toBe(`user.yaml:${YAML_LIMITS.maxDepth + 1}: expected YAML nested at most ${YAML_LIMITS.maxDepth} levels deep, got deeper nesting`);
    expect(errorOf(deep(YAML_LIMITS.maxDepth)).message).toContain('key "k": expected one of the keys');
    expect(errorOf(`seed: ${"[".repeat(10_000)}${"]".repeat(10_000)}`).message).toMatch(/^user\.yaml:1: expected YAML nested at most 64 levels deep, got nesting too deep to parse/);
  });

  it("stops a text over the size limit before parsing it, and a file before reading it", () => {
    expect(errorOf(`seed: 1\n#${"x".repeat(YAML_LIMITS.maxBytes)}`).message).toBe(`user.yaml: expected a YAML config of at most ${YAML_LIMITS.maxBytes} bytes (1 MiB), got ${YAML_LIMITS.maxBytes + 9} bytes`);
    const dir = mkdtempSync(join(tmpdir(), "churn-yaml-limits-"));
    try {
      const big = join(dir, "big.yaml");
      writeFileSync(big, `seed: 1\n#${"x".repeat(YAML_LIMITS.maxBytes)}`);
      expect(() => readConfig(big)).toThrow(`${big}: expected a YAML config of at most ${YAML_LIMITS.maxBytes} bytes (1 MiB), got ${YAML_LIMITS.maxBytes + 9} bytes`);
      expect(() => readConfig(dir)).toThrow(`${dir}: expected a readable YAML config file, got a folder`);
      expect(() => readConfig("/dev/zero")).toThrow("/dev/zero: expected a readable YAML config file, got not a regular file");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
