export * from "./columnBuilder.js";
export * from "./errors.js";
export * from "./rng.js";
