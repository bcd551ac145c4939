/**
 * The Telco vocabulary, spelled once: the level names of the IBM Telco Customer Churn file's
 * categorical columns exactly as the file writes them, in code order (a level's code is its index
 * in its list), and the internet add-on columns. The schema, the loader, the synthetic generator,
 * the config schema and the features read them from here; a misspelt level elsewhere would silently
 * match nothing. No imports, so every layer may use it.
 */

/** The "No" and "Yes" of the binary columns (and of Churn). */
export const NO = "No";
/** See {@link NO}. */
export const YES = "Yes";
/** Levels of a binary column, code order: No = 0, Yes = 1. */
export const YES_NO = Object.freeze([NO, YES] as const);

/** Levels of `gender`, code order. */
export const GENDERS = Object.freeze(["Female", "Male"] as const);

/** Contract types by meaning. */
export const CONTRACT = Object.freeze({ monthToMonth: "Month-to-month", oneYear: "One year", twoYear: "Two year" } as const);
/** Levels of `Contract`, code order (month-to-month, the reference level, is code 0). */
export const CONTRACTS = Object.freeze([CONTRACT.monthToMonth, CONTRACT.oneYear, CONTRACT.twoYear] as const);

/** Internet service types by meaning. */
export const INTERNET = Object.freeze({ none: NO, dsl: "DSL", fiber: "Fiber optic" } as const);
/** Levels of `InternetService`, code order (no internet is code 0). */
export const INTERNET_SERVICES = Object.freeze([INTERNET.none, INTERNET.dsl, INTERNET.fiber] as const);

/** Payment methods by meaning. */
export const PAYMENT = Object.freeze({
  electronicCheck: "Electronic check",
  mailedCheck: "Mailed check",
  bankTransfer: "Bank transfer (automatic)",
  creditCard: "Credit card (automatic)",
} as const);
/** Levels of `PaymentMethod`, code order (electronic check is code 0). */
export const PAYMENT_METHODS = Object.freeze([PAYMENT.electronicCheck, PAYMENT.mailedCheck, PAYMENT.bankTransfer, PAYMENT.creditCard] as const);

/** Value of MultipleLines when the customer has no phone service. */
export const NO_PHONE_SERVICE = "No phone service";
/** Value of the six internet add-on columns when the customer has no internet service. */
export const NO_INTERNET_SERVICE = "No internet service";
/** Levels of MultipleLines, code order: No, Yes, then the "no service" level. */
export const PHONE_ADD_ON_LEVELS = Object.freeze([NO, YES, NO_PHONE_SERVICE] as const);
/** Levels of each internet add-on column, code order: No, Yes, then the "no service" level. */
export const INTERNET_ADD_ON_LEVELS = Object.freeze([NO, YES, NO_INTERNET_SERVICE] as const);

/** The internet add-on columns, in file order: each Yes / No / "No internet service". */
export const INTERNET_ADD_ONS = Object.freeze(["OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV", "StreamingMovies"] as const);

/** The code of `level` in `levels` (its index); the type admits only a level of that list, so a misspelling does not compile. */
export function levelCode<const L extends readonly string[]>(levels: L, level: L[number]): number {
  return levels.indexOf(level);
}
