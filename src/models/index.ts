export * from "./logisticRegression.js";
export * from "./matrix.js";
export * from "./mlLogisticRegressionReference.js";
export type * from "./types.js";
