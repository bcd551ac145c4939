import { CONTRACTS, INTERNET_ADD_ONS, INTERNET_SERVICES, PAYMENT_METHODS } from "../data/telcoVocabulary.js";
import { autoOr, bool, int, list, mix, num, obj, oneOf, probability, recordOf, refine, str, type Infer } from "./schema.js";

/**
 * Static customer covariates a retention action's true effect may depend on (synthetic truth):
 * indicators, except `highCharges` = (monthly charges at joining − chargesCenter) / chargesScale;
 * `shortTenure` = tenure at the start of the window (0 for arrivals) below `shortTenureMonths`.
 */
export const EFFECT_COVARIATES = ["monthToMonth", "fiber", "electronicCheck", "senior", "highCharges", "noTechSupport", "shortTenure"] as const;

const effects = recordOf(EFFECT_COVARIATES, num());

const action = obj({
  name: str(),
  intercept: num(),
  effects,
});

const syntheticSpec = obj({
  customers: int({ min: 1, max: 5_000_000 }),
  months: int({ min: 2, max: 240 }),
  maxPriorTenure: int({ min: 1, max: 240 }),
  arrivalRate: num({ min: 0, max: 1 }),
  idPrefix: str(),
  acquisition: obj({
    contract: mix(CONTRACTS),
    internetService: mix(INTERNET_SERVICES),
    paymentMethod: mix(PAYMENT_METHODS),
    female: probability(),
    seniorCitizen: probability(),
    partner: probability(),
    dependents: probability(),
    phoneService: probability(),
    multipleLines: probability(),
    paperlessBilling: probability(),
    addOns: recordOf(INTERNET_ADD_ONS, probability()),
  }),
  charges: obj({
    phone: num({ min: 0 }),
    multipleLines: num({ min: 0 }),
    dsl: num({ min: 0 }),
    fiber: num({ min: 0 }),
    addOn: num({ min: 0 }),
    streaming: num({ min: 0 }),
    noiseSd: num({ min: 0, max: 1 }),
    noiseFloor: num({ min: 0, max: 1 }),
    increaseProbability: probability(),
    increaseMin: num({ min: 0, max: 1 }),
    increaseMax: num({ min: 0, max: 1 }),
  }),
  contractChanges: obj({
    upgradeProbability: probability(),
    downgradeAtRenewal: probability(),
  }),
  signals: obj({
    persistence: num({ min: 0, max: 0.999 }),
    noiseSd: num({ min: 0 }),
    priceShock: num(),
    ticketIntercept: num(),
    ticketSlope: num(),
    usageNoiseSd: num({ min: 0 }),
    usageDrop: num({ min: 0 }),
    lateIntercept: num(),
    lateSlope: num(),
    lateElectronicCheck: num(),
  }),
  hazard: obj({
    intercept: num(),
    contract: recordOf(CONTRACTS, num()),
    renewalDue: num(),
    fiber: num(),
    electronicCheck: num(),
    senior: num(),
    partnerOrDependents: num(),
    supportOrSecurity: num(),
    logTenure: num(),
    dissatisfaction: num(),
    chargesPer10: num(),
  }),
  covariates: obj({
    chargesCenter: num({ min: 0 }),
    chargesScale: num({ min: 0, exclusiveMin: true }),
    shortTenureMonths: int({ min: 1 }),
  }),
  actions: list(action, { minLength: 1 }),
  scenarios: obj({
    /** A price-rise wave: in `month`, a `share` of the active customers pay `size` (relative) more, with the usual dissatisfaction shock. */
    priceRise: obj({ enabled: bool(), month: int({ min: 1, max: 239 }), share: probability(), size: num({ min: 0, max: 2 }) }),
    /** From `month` on, customers arrive at `arrivalRate` (share of `customers` per month) with this internet-service and payment mix. */
    acquisitionShift: obj({ enabled: bool(), month: int({ min: 1, max: 239 }), arrivalRate: num({ min: 0, max: 1 }), internetService: mix(INTERNET_SERVICES), paymentMethod: mix(PAYMENT_METHODS) }),
    /** From `month` on, the hazard's fiber and electronic-check coefficients are these (a concept shift: P(churn | features) changes, the features do not). */
    conceptShift: obj({ enabled: bool(), month: int({ min: 1, max: 239 }), fiber: num(), electronicCheck: num() }),
  }),
});

const featuresSpec = obj({
  windows: list(int({ min: 1, max: 60 }), { minLength: 1 }),
  chargeChangeLag: int({ min: 1, max: 60 }),
  tenureBuckets: list(int({ min: 1 }), { minLength: 1 }),
  contractTermMonths: recordOf(CONTRACTS, int({ min: 1, max: 120 })),
});

const cvSpec = obj({
  folds: int({ min: 2, max: 50 }),
  testMonths: int({ min: 1, max: 60 }),
  gap: int({ min: 0, max: 60 }),
  minTrainMonths: int({ min: 1, max: 240 }),
  customersOnOneSide: bool(),
  groupFolds: int({ min: 2, max: 50 }),
});

const modelsSpec = obj({
  logistic: obj({
    C: num({ min: 0, exclusiveMin: true }),
    tol: num({ min: 0, exclusiveMin: true }),
    maxIter: int({ min: 1 }),
  }),
  forest: obj({
    nEstimators: int({ min: 1, max: 2000 }),
    maxDepth: int({ min: 1, max: 64 }),
    maxFeatures: num({ min: 0, max: 1, exclusiveMin: true }),
    minNumSamples: int({ min: 1 }),
    negativesPerPositive: num({ min: 0, exclusiveMin: true }),
    maxTrainRows: int({ min: 10 }),
  }),
  baseline: obj({
    segments: list(str(), { minLength: 1 }),
    smoothing: num({ min: 0 }),
  }),
  gbm: obj({
    maxIter: int({ min: 1, max: 10_000 }),
    learningRate: num({ min: 0, exclusiveMin: true, max: 1 }),
    maxLeaves: int({ min: 2, max: 4096 }),
    maxDepth: int({ min: 1, max: 64 }),
    minSamplesLeaf: int({ min: 1 }),
    minChildWeight: num({ min: 0 }),
    lambda: num({ min: 0 }),
    maxBins: int({ min: 2, max: 255 }),
    binSampleRows: int({ min: 2 }),
    subsample: num({ min: 0, exclusiveMin: true, max: 1 }),
    colsampleByTree: num({ min: 0, exclusiveMin: true, max: 1 }),
    earlyStoppingRounds: int({ min: 0, max: 10_000 }),
    tol: num({ min: 0 }),
    validationMonths: int({ min: 1, max: 60 }),
    validationCustomerShare: num({ min: 0, exclusiveMin: true, max: 0.5 }),
  }),
});

const evaluationSpec = obj({
  models: list(oneOf(["logistic", "gbm", "forest", "baseline"]), { minLength: 1 }),
  decisionModel: oneOf(["auto", "logistic", "gbm", "forest", "baseline"]),
  calibration: oneOf(["isotonic", "platt", "beta"]),
  calibrationBins: int({ min: 2, max: 100 }),
  binning: oneOf(["uniform", "quantile"]),
  bootstrapReplicates: int({ min: 0, max: 100_000 }),
  confidenceLevel: num({ min: 0.5, max: 0.999 }),
  topFractions: list(num({ min: 0, max: 1, exclusiveMin: true }), { minLength: 1 }),
});

const retentionAction = obj({
  name: str(),
  /** Budget outlay per contacted customer (dollars): the knapsack weight. */
  cost: num({ min: 0 }),
  /** s: probability that the action keeps a customer who would otherwise churn. */
  successRate: probability(),
  /** C_tp: cost when the contacted customer would have churned (dollars). */
  costIfChurner: num({ min: 0 }),
  /** C_fp: cost when the contacted customer would have stayed (dollars). */
  costIfStayer: num({ min: 0 }),
  /** Optional segment rule: the action is offered only where every listed attribute takes one of the listed values. */
  eligible: list(obj({ feature: str(), values: list(str(), { minLength: 1 }) })),
});

const decisionSpec = obj({
  /** "constant": EV with each action's successRate; "uplift": with the per-customer effects learned from the experiment (needs experiment.enabled and synthetic data). */
  policy: oneOf(["constant", "uplift"]),
  effectMonths: int({ min: 1, max: 24 }),
  marginRate: probability(),
  annualDiscountRate: num({ min: 0, max: 1 }),
  clvHorizonMonths: int({ min: 1, max: 240 }),
  clvHazard: oneOf(["portfolio", "customer"]),
  probabilityBand: obj({ min: probability(), max: probability() }),
  briefBand: obj({ min: probability(), max: probability() }),
  backtestMonths: int({ min: 1, max: 120 }),
  reasons: int({ min: 0, max: 10 }),
  budget: num({ min: 0 }),
  maxContacts: int({ min: 0 }),
  budgetUnit: num({ min: 0, exclusiveMin: true }),
  actions: list(retentionAction, { minLength: 1 }),
});

const configSpec = refine(
  obj({
    seed: int({ min: 0, max: 4294967295 }),
    data: obj({
      source: str(),
    }),
    panel: obj({
      horizon: int({ min: 1, max: 24 }),
    }),
    telco: obj({
      chargesGapFlag: num({ min: 0, exclusiveMin: true }),
      chargesGapMinTenure: int({ min: 1 }),
    }),
    features: featuresSpec,
    cv: cvSpec,
    models: modelsSpec,
    evaluation: evaluationSpec,
    decision: decisionSpec,
    synthetic: syntheticSpec,
    output: obj({
      progress: bool(),
    }),
    compute: obj({
      workers: autoOr(int({ min: 1, max: 64 })),
    }),
    scale: obj({
      /** 0: every customer is in the panel. N > 0 (synthetic only): models are trained and evaluated on a uniform sample of about N of the synthetic.customers initial customers (and the arrivals at the same rate), and every active customer of the whole population is scored in chunks. */
      sampleCustomers: int({ min: 0 }),
      /** Population customers generated, featurised and scored per chunk when sampling. */
      chunkCustomers: int({ min: 1 }),
    }),
    monitoring: obj({
      /** The last this-many calendar months are monitored, each against its rolling reference window. */
      months: int({ min: 1, max: 240 }),
      /** Months just before a monitored month that form its reference. */
      referenceMonths: int({ min: 1, max: 60 }),
      /** "psi": PSI with the sample-size-aware critical value (Yurdakul 2018) for every feature; "auto": Evidently's default choice (KS / chi-square / Z below 1,000 reference rows, normalised Wasserstein / Jensen–Shannon above). */
      test: oneOf(["psi", "auto"]),
      /** Test level α (p-value tests and PSI's critical value). */
      alpha: num({ min: 0, max: 1, exclusiveMin: true }),
      /** Share of drifted features at which a month counts as dataset drift. */
      driftShare: num({ min: 0, max: 1, exclusiveMin: true }),
      /** Correction of a month's p-values across features. */
      correction: oneOf(["none", "bonferroni", "fdr_bh"]),
      /** The retraining rule: drift share, a drop of the estimated ROC-AUC, a move of the expected churn rate (label-free), and calibration once labels are in. */
      retrain: obj({ driftShare: num({ min: 0, max: 1, exclusiveMin: true }), aucDrop: num({ min: 0, exclusiveMin: true }), rateFactor: num({ min: 1, exclusiveMin: true }), calibrationAlpha: num({ min: 0, max: 0.5, exclusiveMin: true }) }),
    }),
    experiment: obj({
      /** Run the randomised retention experiment on the synthetic data (it needs the generator's true effects). */
      enabled: bool(),
      /** Calendar month of assignment; outcomes are observed over decision.effectMonths after it. */
      month: int({ min: 1, max: 239 }),
      /** Share of the experiment's customers in each action arm (the rest is control); arms × share < 1. */
      armShare: num({ min: 0, max: 0.99, exclusiveMin: true }),
      /** "everyone": every active customer is randomised; "targeted": only those the constant-effect policy would contact. */
      scope: oneOf(["everyone", "targeted"]),
      alpha: num({ min: 0, max: 0.99, exclusiveMin: true }),
      /** Target power of the sample-size calculation. */
      power: num({ min: 0, max: 0.99, exclusiveMin: true }),
      /** Minimum detectable reduction in churn rate (absolute). */
      mde: num({ min: 0, max: 1, exclusiveMin: true }),
      /** Interim looks of the peeking demonstration. */
      looks: int({ min: 1, max: 100 }),
      /** Simulated experiments (peeking, coverage). */
      simulations: int({ min: 1, max: 100000 }),
      /** "t" or "x" (Künzel et al. 2019), with logistic base learners. */
      learner: oneOf(["t", "x"]),
      /** L2 penalty of the X-learner's second stage. */
      xLearnerRidge: num({ min: 0 }),
      /** Fraction targeted for uplift@k. */
      upliftK: num({ min: 0, max: 1, exclusiveMin: true }),
    }),
    store: obj({
      /** Folder of the offline feature store (Parquet, one partition per calendar month), relative to the project root. */
      offline: str(),
      /** File of the online feature store (SQLite), relative to the project root. */
      online: str(),
      /** A lookup whose features are more than this many months older than the store's current month is flagged stale. */
      maxFeatureAgeMonths: int({ min: 0, max: 120 }),
    }),
    registry: obj({
      /** Folder of the model registry, relative to the project root. */
      dir: str(),
    }),
    serving: obj({
      /** Address the scoring API binds to (loopback by default). */
      host: str(),
      port: int({ min: 0, max: 65535 }),
      /** Registry alias or version number of the model the API serves. */
      model: str(),
      /** Largest accepted request body (bytes). */
      bodyLimit: int({ min: 1024, max: 16777216 }),
    }),
  }),
  (c) => {
    const ch = c.synthetic.charges;
    if (ch.increaseMax < ch.increaseMin) return { path: ["synthetic", "charges", "increaseMax"], expected: `a number >= increaseMin (${ch.increaseMin})`, got: `number ${ch.increaseMax}` };
    if (c.panel.horizon >= c.synthetic.months) return { path: ["panel", "horizon"], expected: `an integer < synthetic.months (${c.synthetic.months})`, got: `number ${c.panel.horizon}` };
    const buckets = c.features.tenureBuckets;
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i]! <= buckets[i - 1]!) return { path: ["features", "tenureBuckets", i], expected: `a bound greater than the previous one (${buckets[i - 1]})`, got: `number ${buckets[i]}` };
    }
    if (c.evaluation.decisionModel !== "auto" && !c.evaluation.models.includes(c.evaluation.decisionModel)) {
      return { path: ["evaluation", "decisionModel"], expected: `"auto" or one of evaluation.models (${c.evaluation.models.join(", ")})`, got: `"${c.evaluation.decisionModel}"` };
    }
    const band = c.decision.probabilityBand;
    if (band.max < band.min) return { path: ["decision", "probabilityBand", "max"], expected: `a probability >= probabilityBand.min (${band.min})`, got: `number ${band.max}` };
    const actionNames = new Map<string, string>();
    for (let i = 0; i < c.decision.actions.length; i++) {
      const a = c.decision.actions[i]!;
      // Compared ignoring case: each action becomes a column ev_<name> of the exported SQL, and SQL names are case-insensitive.
      const used = actionNames.get(a.name.toLowerCase());
      if (used !== undefined) return { path: ["decision", "actions", i, "name"], expected: "a name not used by another action, ignoring case (SQL columns ev_<name> are case-insensitive)", got: used === a.name ? `duplicate "${a.name}"` : `"${a.name}", which differs from "${used}" only by case` };
      actionNames.set(a.name.toLowerCase(), a.name);
      if (Math.round(a.cost / c.decision.budgetUnit) * c.decision.budgetUnit !== a.cost) {
        return { path: ["decision", "actions", i, "cost"], expected: `a multiple of decision.budgetUnit (${c.decision.budgetUnit})`, got: `number ${a.cost}` };
      }
    }
    if (c.decision.policy === "uplift" && !c.experiment.enabled) return { path: ["decision", "policy"], expected: '"constant", or experiment.enabled: true (the uplift policy learns from the experiment)', got: '"uplift"' };
    if (c.scale.sampleCustomers > 0) {
      if (c.scale.sampleCustomers >= c.synthetic.customers) return { path: ["scale", "sampleCustomers"], expected: `0, or fewer than synthetic.customers (${c.synthetic.customers})`, got: `number ${c.scale.sampleCustomers}` };
      if (c.data.source !== "synthetic") return { path: ["scale", "sampleCustomers"], expected: '0 for a CSV source (sampling generates the synthetic population in chunks)', got: `number ${c.scale.sampleCustomers} with data.source "${c.data.source}"` };
      if (c.decision.policy === "uplift") return { path: ["decision", "policy"], expected: '"constant" when scale.sampleCustomers > 0 (the uplift effects are learned on the sample only)', got: '"uplift"' };
    }
    const arms = c.decision.actions.length * c.experiment.armShare;
    if (arms >= 1) return { path: ["experiment", "armShare"], expected: `a share with ${c.decision.actions.length} action arms × share < 1 (a control group remains)`, got: `number ${c.experiment.armShare}` };
    const names = new Set<string>();
    for (let i = 0; i < c.synthetic.actions.length; i++) {
      const name = c.synthetic.actions[i]!.name;
      if (names.has(name)) return { path: ["synthetic", "actions", i, "name"], expected: "a name not used by another action", got: `duplicate "${name}"` };
      names.add(name);
    }
    return undefined;
  },
);

/** The validated workspace configuration (see `configs/default.yaml` for every key and its meaning). */
export type Config = Infer<typeof configSpec>;
/** The synthetic-telco part of the configuration. */
export type SyntheticConfig = Config["synthetic"];
/** The feature-engineering part of the configuration. */
export type FeatureConfig = Config["features"];
/** The monitoring part of the configuration. */
export type MonitoringConfig = Config["monitoring"];
/** The experiment part of the configuration. */
export type ExperimentConfig = Config["experiment"];
/** The feature-store part of the configuration. */
export type StoreConfig = Config["store"];
/** The model-registry part of the configuration. */
export type RegistryConfig = Config["registry"];
/** The scoring-API part of the configuration. */
export type ServingConfig = Config["serving"];
/** The decision-engine part of the configuration. */
export type DecisionConfig = Config["decision"];
/** One retention action of the catalogue. */
export type RetentionAction = DecisionConfig["actions"][number];
/** One retention action's true-effect model in the synthetic truth. */
export type SyntheticAction = SyntheticConfig["actions"][number];

/** The schema the whole config is checked against. */
export const CONFIG_SPEC = configSpec;

/** Validates an already-parsed config object, throwing a `SchemaViolation` (key path, expected, got) on the first problem. */
export function validateConfig(value: unknown): Config {
  return configSpec.check(value, []);
}
