import { describe, expect, it } from "vitest";
import { formatCount, formatFixed, formatLevel, formatMoney, formatNumber, formatPercent, formatSeconds, MISSING_NUMBER } from "../../src/util/format.js";

describe("the number formats shared by the report, the notebooks and the CLI", () => {
  it("write fixed decimals, counts, money, percentages, levels and durations", () => {
    expect(formatFixed(0.81234, 3)).toBe("0.812");
    expect(formatCount(1234.6)).toBe("1,235");
    expect(formatMoney(1234.6)).toBe("$1,235");
    expect(formatMoney(-50.2)).toBe("-$50");
    expect(formatPercent(0.0089)).toBe("0.9 %");
    expect(formatPercent(0.008805287457285786, 2)).toBe("0.88 %");
    expect([formatLevel(0.95), formatLevel(0.975), formatLevel(0.9)]).toEqual(["95%", "97.5%", "90%"]);
    expect(formatSeconds(1234)).toBe("1.23 s");
    expect(formatSeconds(12_345, 1)).toBe("12.3 s");
  });

  it("formatNumber: whole units with separators when large or integral, else significant digits", () => {
    expect(formatNumber(1234567)).toBe("1,234,567");
    expect(formatNumber(0.0015821409982650126)).toBe("0.001582");
    expect(formatNumber(0.8205159912853986, 3)).toBe("0.821");
    expect(formatNumber(15533.936407902482)).toBe("15,534");
    expect(formatNumber(752.2192850571694)).toBe("752.2");
    expect(formatNumber(15533.936407902482, 6)).toBe("15533.9");
    expect(formatNumber(-0.5)).toBe("-0.5");
    expect(() => formatNumber(1.5, 0)).toThrow(/digits must be an integer in 1\.\.21, got 0/);
  });

  it("write null (a document's non-finite number) and NaN as n/a, infinities as ∞, and no negative zero", () => {
    const all: ((x: number | null) => string)[] = [(x) => formatFixed(x, 2), formatCount, formatMoney, (x) => formatPercent(x), formatLevel, (x) => formatNumber(x)];
    for (const f of all) {
      expect([f(null), f(Number.NaN)]).toEqual([MISSING_NUMBER, MISSING_NUMBER]);
      expect([f(Infinity), f(-Infinity)]).toEqual(["∞", "−∞"]);
    }
    expect([formatFixed(-0.001, 2), formatCount(-0.3), formatMoney(-0.3), formatPercent(-0.00001), formatNumber(-0)]).toEqual(["0.00", "0", "$0", "0.0 %", "0"]);
  });
});
