export * from "./panel.js";
export * from "./summary.js";
