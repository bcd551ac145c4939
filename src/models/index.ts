export * from "./imbalance.js";
export * from "./logisticRegression.js";
export * from "./matrix.js";
export * from "./mlLogisticRegressionReference.js";
export * from "./randomForest.js";
export * from "./segmentBaseline.js";
export type * from "./types.js";
export * from "./catalog.js";
export * from "./explain.js";
