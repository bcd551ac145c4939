export * from "./beta.js";
export * from "./isotonic.js";
export * from "./platt.js";
export * from "./outOfFold.js";
