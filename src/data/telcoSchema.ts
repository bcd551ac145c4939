/**
 * The schema of the IBM Telco Customer Churn sample file
 * (`WA_Fn-UseC_-Telco-Customer-Churn.csv`, 21 columns): column kinds, the allowed values
 * of every categorical column (spelled exactly as in the file), and the rules that tie
 * the add-on service columns to PhoneService / InternetService.
 */

/** Names of the 15 text categorical columns of the Telco file. */
export type TelcoCategoricalName =
  | "gender"
  | "Partner"
  | "Dependents"
  | "PhoneService"
  | "MultipleLines"
  | "InternetService"
  | "OnlineSecurity"
  | "OnlineBackup"
  | "DeviceProtection"
  | "TechSupport"
  | "StreamingTV"
  | "StreamingMovies"
  | "Contract"
  | "PaperlessBilling"
  | "PaymentMethod";

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

/** Value of MultipleLines when the customer has no phone service. */
export const NO_PHONE_SERVICE = "No phone service";
/** Value of the six internet add-on columns when the customer has no internet service. */
export const NO_INTERNET_SERVICE = "No internet service";

const YES_NO = Object.freeze(["No", "Yes"] as const);
const PHONE_ADDON = Object.freeze(["No", "Yes", NO_PHONE_SERVICE] as const);
const INTERNET_ADDON = Object.freeze(["No", "Yes", NO_INTERNET_SERVICE] as const);

/**
 * Allowed values of each categorical column, in schema order: the code of a value is its
 * index here. Orders are chosen so that code 0 is the natural reference level ("No",
 * "Female", "Month-to-month", no internet, "Electronic check") and "No"/"Yes" are 0/1
 * wherever they occur; the "No … service" level of an add-on column comes last.
 */
export const TELCO_CATEGORICAL_LEVELS: Readonly<Record<TelcoCategoricalName, readonly string[]>> =
  Object.freeze({
    gender: Object.freeze(["Female", "Male"]),
    Partner: YES_NO,
    Dependents: YES_NO,
    PhoneService: YES_NO,
    MultipleLines: PHONE_ADDON,
    InternetService: Object.freeze(["No", "DSL", "Fiber optic"]),
    OnlineSecurity: INTERNET_ADDON,
    OnlineBackup: INTERNET_ADDON,
    DeviceProtection: INTERNET_ADDON,
    TechSupport: INTERNET_ADDON,
    StreamingTV: INTERNET_ADDON,
    StreamingMovies: INTERNET_ADDON,
    Contract: Object.freeze(["Month-to-month", "One year", "Two year"]),
    PaperlessBilling: YES_NO,
    PaymentMethod: Object.freeze([
      "Electronic check",
      "Mailed check",
      "Bank transfer (automatic)",
      "Credit card (automatic)",
    ]),
  });

/** The 15 categorical column names in file order. */
export const TELCO_CATEGORICAL_NAMES: readonly TelcoCategoricalName[] = Object.freeze([
  "gender",
  "Partner",
  "Dependents",
  "PhoneService",
  "MultipleLines",
  "InternetService",
  "OnlineSecurity",
  "OnlineBackup",
  "DeviceProtection",
  "TechSupport",
  "StreamingTV",
  "StreamingMovies",
  "Contract",
  "PaperlessBilling",
  "PaymentMethod",
] as const);

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
  cat("MultipleLines", "has multiple phone lines; \"No phone service\" iff PhoneService is No"),
  cat("InternetService", "internet service type; No means no internet add-ons"),
  cat("OnlineSecurity", "internet add-on"),
  cat("OnlineBackup", "internet add-on"),
  cat("DeviceProtection", "internet add-on"),
  cat("TechSupport", "internet add-on"),
  cat("StreamingTV", "internet add-on"),
  cat("StreamingMovies", "internet add-on"),
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
    gateOff: "No",
    dependents: Object.freeze(["MultipleLines"] as const),
    dependentOff: NO_PHONE_SERVICE,
  }),
  Object.freeze({
    gate: "InternetService",
    gateOff: "No",
    dependents: Object.freeze([
      "OnlineSecurity",
      "OnlineBackup",
      "DeviceProtection",
      "TechSupport",
      "StreamingTV",
      "StreamingMovies",
    ] as const),
    dependentOff: NO_INTERNET_SERVICE,
  }),
] satisfies ServiceConsistencyRule[]);
