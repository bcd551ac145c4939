import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // Runs that tests cache (the report CLI fills the run cache) go here, not to reports/cache.
    env: { CHURN_CACHE_DIR: ".vitest-cache/run-cache" },
  },
});
