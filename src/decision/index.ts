export * from "./actionPlan.js";
export * from "./budget.js";
export * from "./clv.js";
export * from "./expectedValue.js";
export * from "./oracle.js";
export * from "./profitCurve.js";
