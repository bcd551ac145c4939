import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { buildFeatureFrame } from "../../src/features/build.js";
import { monthlyDrift, monthlyDriftOptions, type MonthlyDrift } from "../../src/monitoring/monthlyDrift.js";
import { testConfig } from "../helpers/config.js";

// The scenarios start in month M of a 48-month world; the last 24 months are monitored.
const M = 36;
function drift(scenarios: Record<string, unknown>, test: "psi" | "auto" = "psi"): MonthlyDrift {
  const config = testConfig({ synthetic: { customers: 3000, months: 48, scenarios }, monitoring: { test } });
  const history = generateSynthetic(config.synthetic, { seed: config.seed });
  return monthlyDrift(buildFeatureFrame(history, config.features), history.months.period, monthlyDriftOptions(config.monitoring, history.periods));
}
const at = (d: MonthlyDrift, feature: string, month: number): boolean => {
  const f = d.features.findIndex((x) => x.name === feature);
  return d.drifted[f * d.months.length + d.months.indexOf(month)] === 1;
};
/** Share of drifted feature-months among the months before `until`. */
function alarmRate(d: MonthlyDrift, until: number): number {
  let alarms = 0;
  let cells = 0;
  d.months.forEach((t, m) => {
    if (t >= until) return;
    for (let f = 0; f < d.features.length; f++) (cells++, (alarms += d.drifted[f * d.months.length + m]!));
  });
  return alarms / cells;
}

const stable = drift({});

describe("monthly drift on the synthetic scenarios (PSI at its sample-size-aware critical value, α = 0.05)", () => {
  it("raises at most 5 % false alarms per feature-month on the stable world", () => {
    const rate = alarmRate(stable, 48);
    console.log(`false alarms per feature-month on the stable world: ${rate.toFixed(4)} over ${stable.features.length} features × ${stable.months.length} months`);
    expect(rate).toBeLessThanOrEqual(0.05);
    expect(stable.months).toEqual(Array.from({ length: 24 }, (_, i) => 24 + i));
    expect(new Set(stable.methods)).toEqual(new Set(["psi"]));
  });

  it("flags the price-rise wave in its month on the charge features and the signals it shocks", () => {
    const d = drift({ priceRise: { enabled: true, month: M } });
    for (const f of ["MonthlyCharges", "chargeChange3", "chargesPerService", "SupportTickets", "UsageIndex"]) expect(at(d, f, M), f).toBe(true);
    expect(d.datasetShare[d.months.indexOf(M)]).toBeGreaterThan(d.datasetShare[d.months.indexOf(M - 1)]!);
  });

  it("flags the acquisition shift within a month on the mix it changes, where Evidently's fixed distance thresholds do not", () => {
    const d = drift({ acquisitionShift: { enabled: true, month: M } });
    for (const f of ["InternetService", "PaymentMethod", "tenure"]) expect(at(d, f, M) || at(d, f, M + 1), f).toBe(true);
    const auto = drift({ acquisitionShift: { enabled: true, month: M } }, "auto");
    expect(at(auto, "InternetService", M) || at(auto, "InternetService", M + 1)).toBe(false);
  });

  it("does not see the concept shift: P(churn | features) changed, the features did not", () => {
    const d = drift({ conceptShift: { enabled: true, month: M } });
    expect(d.datasetDrifted[d.months.indexOf(M)]).toBe(0);
    expect(at(d, "PaymentMethod", M)).toBe(false);
    expect(at(d, "InternetService", M)).toBe(false);
  });
});
