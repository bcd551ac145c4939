/**
 * The schema of the IBM Telco Customer Churn sample file
 * (`WA_Fn-UseC_-Telco-Customer-Churn.csv`, 21 columns): column kinds, the allowed values
 * of every categorical column (the levels of `telcoVocabulary.ts`), and the rules that tie
 * the add-on service columns to PhoneService / InternetService.
 */
import {
  CONTRACTS,
  GENDERS,
  INTERNET,
  INTERNET_ADD_ON_LEVELS,
  INTERNET_ADD_ONS,
  INTERNET_SERVICES,
  NO,
  NO_INTERNET_SERVICE,
  NO_PHONE_SERVICE,
  PAYMENT_METHODS,
  PHONE_ADD_ON_LEVELS,
  YES_NO,
} from "./telcoVocabulary.js";

/** The 15 categorical column names in file order. */
export const TELCO_CATEGORICAL_NAMES = Object.freeze([
  "gender",
  "Partner",
  "Dependents",
  "PhoneService",
  "MultipleLines",
  "InternetService",
  ...INTERNET_ADD_ONS,
  "Contract",
  "PaperlessBilling",
  "PaymentMethod",
] as const);

/** Names of the 15 text categorical columns of the Telco file. */
export type TelcoCategoricalName = (typeof TELCO_CATEGORICAL_NAMES)[number];

/**
 * How a column is parsed: `id` non-blank unique text; `categorical` one of a fixed list;
 * `integer` whole number ≥ 0 written as digits; `number` non-negative decimal amount
 * (digits with an optional fraction, no exponent); `binary` exactly `0` or `1`;
 * `target` exactly `Yes` or `No`.
 */
export type TelcoColumnKind = "id" | "categorical" | "integer" | "number" | "binary" | "target";

/** One column of the Telco schema; `levels` is present only for categorical columns. */
export interface TelcoColumnSpec {
  readonly name: string;
  readonly kind: TelcoColumnKind;
  readonly levels?: readonly string[];
  readonly description: string;
}

/**
 * Allowed values of each categorical column, in schema order: the code of a value is its
 * index here. Orders are chosen so that code 0 is the natural reference level ("No",
 * "Female", "Month-to-month", no internet, "Electronic check") and "No"/"Yes" are 0/1
 * wherever they occur; the "No … service" level of an add-on column comes last.
 */
export const TELCO_CATEGORICAL_LEVELS: Readonly<Record<TelcoCategoricalName, readonly string[]>> =
  Object.freeze({
    gender: GENDERS,
    Partner: YES_NO,
    Dependents: YES_NO,
    PhoneService: YES_NO,
    MultipleLines: PHONE_ADD_ON_LEVELS,
    InternetService: INTERNET_SERVICES,
    OnlineSecurity: INTERNET_ADD_ON_LEVELS,
    OnlineBackup: INTERNET_ADD_ON_LEVELS,
    DeviceProtection: INTERNET_ADD_ON_LEVELS,
    TechSupport: INTERNET_ADD_ON_LEVELS,
    StreamingTV: INTERNET_ADD_ON_LEVELS,
    StreamingMovies: INTERNET_ADD_ON_LEVELS,
    Contract: CONTRACTS,
    PaperlessBilling: YES_NO,
    PaymentMethod: PAYMENT_METHODS,
  });

const cat = (name: TelcoCategoricalName, description: string): TelcoColumnSpec =>
  Object.freeze({ name, kind: "categorical", levels: TELCO_CATEGORICAL_LEVELS[name], description });

/**
 * The 21 columns of the Telco file in file order. The loader requires exactly these
 * (any order; no missing, no extra columns).
 */
export const TELCO_COLUMNS: readonly TelcoColumnSpec[] = Object.freeze([
  Object.freeze({ name: "customerID", kind: "id", description: "customer identifier, unique per row" }),
  cat("gender", "customer gender"),
  Object.freeze({ name: "SeniorCitizen", kind: "binary", description: "1 if the customer is a senior citizen" }),
  cat("Partner", "has a partner"),
  cat("Dependents", "has dependents"),
  Object.freeze({ name: "tenure", kind: "integer", description: "whole months as a customer at extraction" }),
  cat("PhoneService", "has phone service"),
  cat("MultipleLines", `has multiple phone lines; "${NO_PHONE_SERVICE}" iff PhoneService is No`),
  cat("InternetService", "internet service type; No means no internet add-ons"),
  ...INTERNET_ADD_ONS.map((name) => cat(name, "internet add-on")),
  cat("Contract", "contract term at extraction"),
  cat("PaperlessBilling", "paperless billing"),
  cat("PaymentMethod", "payment method at extraction"),
  Object.freeze({ name: "MonthlyCharges", kind: "number", description: "dollars per month at extraction" }),
  Object.freeze({
    name: "TotalCharges",
    kind: "number",
    description: "dollars billed to extraction; blank at tenure 0 (no invoice yet)",
  }),
  Object.freeze({ name: "Churn", kind: "target", description: "Yes if the customer left within the last month" }),
] satisfies TelcoColumnSpec[]);

/**
 * A service-consistency rule: `gate` = `gateOff` if and only if every column of
 * `dependents` = `dependentOff`. E.g. PhoneService = "No" ⇔ MultipleLines = "No phone service".
 */
export interface ServiceConsistencyRule {
  readonly gate: TelcoCategoricalName;
  readonly gateOff: string;
  readonly dependents: readonly TelcoCategoricalName[];
  readonly dependentOff: string;
}

/**
 * The two service rules of the Telco file (both hold on all 7,043 rows of the real file):
 * PhoneService = "No" ⇔ MultipleLines = "No phone service"; InternetService = "No" ⇔ each
 * of OnlineSecurity, OnlineBackup, DeviceProtection, TechSupport, StreamingTV,
 * StreamingMovies = "No internet service".
 */
export const TELCO_SERVICE_RULES: readonly ServiceConsistencyRule[] = Object.freeze([
  Object.freeze({
    gate: "PhoneService",
    gateOff: NO,
    dependents: Object.freeze(["MultipleLines"] as const),
    dependentOff: NO_PHONE_SERVICE,
  }),
  Object.freeze({
    gate: "InternetService",
    gateOff: INTERNET.none,
    dependents: INTERNET_ADD_ONS,
    dependentOff: NO_INTERNET_SERVICE,
  }),
] satisfies ServiceConsistencyRule[]);
