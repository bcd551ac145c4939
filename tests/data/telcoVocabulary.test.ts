// src/data/telcoVocabulary.ts: the Telco level names, spelled once and used by the schema.
import { describe, expect, it } from "vitest";
import { TELCO_CATEGORICAL_LEVELS, TELCO_SERVICE_RULES } from "../../src/data/telcoSchema.js";
import { CONTRACT, CONTRACTS, INTERNET, INTERNET_ADD_ONS, INTERNET_SERVICES, levelCode, NO, NO_INTERNET_SERVICE, PAYMENT, PAYMENT_METHODS, YES, YES_NO } from "../../src/data/telcoVocabulary.js";

describe("the Telco vocabulary", () => {
  it("is the schema's levels, with the reference level at code 0", () => {
    expect(TELCO_CATEGORICAL_LEVELS.Contract).toBe(CONTRACTS);
    expect(TELCO_CATEGORICAL_LEVELS.InternetService).toBe(INTERNET_SERVICES);
    expect(TELCO_CATEGORICAL_LEVELS.PaymentMethod).toBe(PAYMENT_METHODS);
    expect(TELCO_CATEGORICAL_LEVELS.Partner).toBe(YES_NO);
    expect(TELCO_CATEGORICAL_LEVELS.TechSupport).toEqual([NO, YES, NO_INTERNET_SERVICE]);
    expect(TELCO_SERVICE_RULES[1]!.dependents).toBe(INTERNET_ADD_ONS);
    expect([levelCode(CONTRACTS, CONTRACT.monthToMonth), levelCode(INTERNET_SERVICES, INTERNET.none), levelCode(PAYMENT_METHODS, PAYMENT.electronicCheck), levelCode(YES_NO, NO)]).toEqual([0, 0, 0, 0]);
  });

  it("spells the levels as the IBM file does", () => {
    expect(CONTRACTS).toEqual(["Month-to-month", "One year", "Two year"]);
    expect(INTERNET_SERVICES).toEqual(["No", "DSL", "Fiber optic"]);
    expect(PAYMENT_METHODS).toEqual(["Electronic check", "Mailed check", "Bank transfer (automatic)", "Credit card (automatic)"]);
    expect(Object.isFrozen(CONTRACTS) && Object.isFrozen(CONTRACT)).toBe(true);
  });
});
