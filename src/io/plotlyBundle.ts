import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const BUNDLE_CANDIDATES = ["plotly.js-dist-min/plotly.min.js", "plotly.js-dist/plotly.min.js", "plotly.js-dist/plotly.js"] as const;

/**
 * Absolute path of the Plotly browser bundle: the minified `plotly.js-dist-min/plotly.min.js`
 * (4.8 MB, same version as plotly.js-dist) when installed, else `plotly.js-dist`'s own files
 * (4.1.1 ships only the unminified 10.1 MB `plotly.js`). Throws naming the candidates when none resolves.
 */
export function plotlyBundlePath(): string {
  const require = createRequire(import.meta.url);
  for (const candidate of BUNDLE_CANDIDATES) {
    try {
      return require.resolve(candidate);
    } catch {
      // try the next candidate
    }
  }
  throw new Error(`plotlyBundlePath: cannot resolve ${BUNDLE_CANDIDATES.join(" or ")}; run npm ci`);
}

let cachedBundle: string | undefined;

/**
 * The Plotly browser bundle source (see {@link plotlyBundlePath}), read from disk on the first
 * call and cached for the process. Defines `window.Plotly` when run in a page.
 */
export function plotlyBundle(): string {
  if (cachedBundle === undefined) cachedBundle = readFileSync(plotlyBundlePath(), "utf8");
  return cachedBundle;
}

/** The plotly.js version in the bundle's header comment (`plotly.js vX.Y.Z`), or null if absent. */
export function plotlyVersion(): string | null {
  return /plotly\.js v(\d+\.\d+\.\d+)/.exec(plotlyBundle().slice(0, 500))?.[1] ?? null;
}

