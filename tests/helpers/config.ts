import { mergeConfigValues, validateConfig, type Config } from "../../src/config/index.js";
import { readConfig } from "../../src/io/readConfig.js";

/** The committed default config, optionally with some keys replaced (validated like a user file). */
export function testConfig(overrides: Record<string, unknown> = {}): Config {
  return validateConfig(mergeConfigValues(readConfig(), overrides));
}
