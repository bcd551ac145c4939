import { describe, expect, it } from "vitest";
import { generateSynthetic } from "../../src/data/synthetic.js";
import { armContrast, armEffects, assignArms, drawExperiment, type ExperimentPopulation } from "../../src/experiments/simulate.js";
import { experimentDrawOptions, experimentPopulation } from "../../src/pipeline/experiment.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";
import { testConfig } from "../helpers/config.js";

const options = { alpha: 0.05, power: 0.8, mde: 0.1 };

/** Four units and two actions: unit i has p⁰ = 0.2·(i + 1), action 0 saves half the churners, action 1 none. */
function tinyPopulation(): ExperimentPopulation {
  return {
    controlProb: Float64Array.of(0.2, 0.4, 0.6, 0.8),
    effect: Float64Array.of(0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0),
    actions: 2,
    unit: Uint32Array.of(10, 11, 12, 13),
  };
}

describe("assignArms", () => {
  it("puts exactly round(n·share) units in each action arm and the rest in control, deterministically", () => {
    const arm = assignArms(20, 3, 0.2, 7);
    for (let j = 1; j <= 3; j++) expect(arm.filter((a) => a === j).length).toBe(4);
    expect(arm.filter((a) => a === 0).length).toBe(8);
    expect(assignArms(20, 3, 0.2, 7)).toEqual(arm);
    expect(assignArms(20, 3, 0.2, 8)).not.toEqual(arm);
  });

  it("gives every unit every arm with the arm's share (complete randomisation)", () => {
    const runs = 4000;
    const counts = new Uint32Array(10 * 3);
    for (let s = 0; s < runs; s++) assignArms(10, 2, 0.3, s).forEach((a, i) => counts[i * 3 + a]!++);
    for (let i = 0; i < 10; i++) {
      expect(counts[i * 3]! / runs).toBeCloseTo(0.4, 1);
      expect(counts[i * 3 + 1]! / runs).toBeCloseTo(0.3, 1);
      expect(counts[i * 3 + 2]! / runs).toBeCloseTo(0.3, 1);
    }
  });

  it("refuses a design without a control arm or with an empty arm, quoting the numbers", () => {
    expect(() => assignArms(10, 3, 0.35, 1)).toThrow("assignArms: 3 arm(s) of round(n·share) = round(10·0.35) = 4 units leave no control arm or an empty arm (n=10)");
    expect(() => assignArms(10, 1, 0.01, 1)).toThrow("round(10·0.01) = 0 units");
    expect(() => assignArms(1, 1, 0.5, 1)).toThrow("assignArms: n must be an integer >= 2, got 1");
  });
});

describe("drawExperiment", () => {
  it("draws each unit's outcome from its own stream: u < p⁰ under control, u < p⁰·(1 − s) under an action", () => {
    const population = tinyPopulation();
    const draw = drawExperiment(population, { armShare: 0.25, assignmentSeed: 3, outcomeSeed: 99 });
    expect(draw.arm).toEqual(assignArms(4, 2, 0.25, 3));
    draw.arm.forEach((a, i) => {
      const p = population.controlProb[i]! * (a === 0 ? 1 : 1 - population.effect[i * 2 + a - 1]!);
      const u = new Rng(deriveSeed(99, population.unit[i]!)).uniform();
      expect(draw.churned[i]).toBe(u < p ? 1 : 0);
    });
  });

  it("does not mutate the population", () => {
    const population = tinyPopulation();
    const copy = { ...population, controlProb: population.controlProb.slice(), effect: population.effect.slice(), unit: population.unit.slice() };
    drawExperiment(population, { armShare: 0.25, assignmentSeed: 3, outcomeSeed: 99 });
    expect(population).toEqual(copy);
  });

  it("rejects probabilities outside [0, 1] and shape mismatches, quoting them", () => {
    const bad = { ...tinyPopulation(), controlProb: Float64Array.of(0.2, 1.5, 0.6, 0.8) };
    expect(() => drawExperiment(bad, { armShare: 0.25, assignmentSeed: 1, outcomeSeed: 1 })).toThrow("drawExperiment: controlProb[1] = 1.5 is outside [0, 1]");
    const short = { ...tinyPopulation(), effect: new Float64Array(3) };
    expect(() => drawExperiment(short, { armShare: 0.25, assignmentSeed: 1, outcomeSeed: 1 })).toThrow("effect has length 3, expected n × A = 4 × 2 = 8");
  });
});

describe("armContrast", () => {
  it("takes the control units and one action arm's units, in order, optionally within a subset", () => {
    const arm = Uint8Array.of(0, 1, 2, 0, 1, 2);
    expect(armContrast(arm, 0)).toEqual({ index: Uint32Array.of(0, 1, 3, 4), treatment: Uint8Array.of(0, 1, 0, 1) });
    expect(armContrast(arm, 1, Uint32Array.of(2, 3, 4))).toEqual({ index: Uint32Array.of(2, 3), treatment: Uint8Array.of(1, 0) });
  });
});

describe("armEffects", () => {
  it("estimates each arm's ATE against control and knows the true ATE, mean p⁰·s", () => {
    const n = 400;
    const population: ExperimentPopulation = {
      controlProb: new Float64Array(n).fill(0.5),
      effect: Float64Array.from({ length: 2 * n }, (_, k) => (k % 2 === 0 ? 1 : 0.25)),
      actions: 2,
      unit: Uint32Array.from({ length: n }, (_, i) => i),
    };
    const draw = drawExperiment(population, { armShare: 0.25, assignmentSeed: 1, outcomeSeed: 2 });
    const [first, second] = armEffects(population, draw, options);
    expect(first!.estimate.treatedRate).toBe(0);
    expect(first!.estimate.effect).toBe(first!.estimate.controlRate);
    expect(first!.trueEffect).toBe(0.5);
    expect([first!.estimate.controlN, first!.estimate.treatedN]).toEqual([200, 100]);
    expect(second!.trueEffect).toBe(0.125);
    expect(second!.covered).toBe(second!.estimate.lower <= 0.125 && 0.125 <= second!.estimate.upper);
    expect(second!.baseRate).toBe(0.5);
    expect(second!.plan.achievedPower).toBeGreaterThanOrEqual(0.8);
    expect(second!.powerAtTrueEffect).toBeGreaterThan(second!.achievedPower);
  });

  it("covers the true ATE of the default synthetic world (month 48) in at least 93 of 100 seeded experiments, for every arm", () => {
    const config = testConfig();
    const history = generateSynthetic(config.synthetic, { seed: config.seed });
    const rows = Uint32Array.from(history.months.period.keys()).filter((r) => history.months.period[r] === config.experiment.month);
    const population = experimentPopulation(history, rows, config.decision);
    const covered = new Array<number>(config.decision.actions.length).fill(0);
    for (let seed = 0; seed < 100; seed++) {
      const draw = drawExperiment(population, experimentDrawOptions({ ...config, seed }));
      armEffects(population, draw, config.experiment).forEach((arm, j) => (covered[j]! += arm.covered ? 1 : 0));
    }
    for (const c of covered) expect(c).toBeGreaterThanOrEqual(93);
  });
});
