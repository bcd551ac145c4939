import { EFFECT_COVARIATES, type SyntheticConfig } from "../config/config.js";
import { ColumnBuilder } from "../util/columnBuilder.js";
import { sigmoid } from "../util/logistic.js";
import { deriveSeed, Rng, toCdf } from "../util/rng.js";
import { NOT_CHURNED, type CategoricalColumn, type ChurnHistory } from "./history.js";
import { TELCO_CATEGORICAL_LEVELS } from "./telcoSchema.js";
import { CONTRACT, CONTRACTS, INTERNET, INTERNET_ADD_ONS, INTERNET_SERVICES, levelCode, PAYMENT, PAYMENT_METHODS } from "./telcoVocabulary.js";

/** Options of {@link generateSynthetic} beyond the config. */
export interface SyntheticOptions {
  /** Master seed (from the config's `seed`). */
  readonly seed: number;
  /**
   * For leakage tests: draw every random event of months after `afterPeriod` from `seed` instead,
   * so that two worlds share their past up to `afterPeriod` and differ afterwards.
   */
  readonly divergence?: { readonly afterPeriod: number; readonly seed: number };
  /** Called about every 5 % of the work with the share done (0..1), for progress lines. */
  readonly onProgress?: (share: number) => void;
  /**
   * Keep only the customers whose population index this returns true for (the initial customers are
   * 0 .. customers − 1, then the arrivals in order). Every customer draws from its own stream, so a
   * selected customer's rows are bit-identical to its rows in the whole world and keep its id;
   * unselected customers are not simulated at all. Default: everyone.
   */
  readonly select?: (populationIndex: number) => boolean;
}

const LEVELS = TELCO_CATEGORICAL_LEVELS;

const M2M = levelCode(CONTRACTS, CONTRACT.monthToMonth);
const ONE_YEAR = levelCode(CONTRACTS, CONTRACT.oneYear);
const NO_INTERNET = levelCode(INTERNET_SERVICES, INTERNET.none);
const FIBER = levelCode(INTERNET_SERVICES, INTERNET.fiber);
const E_CHECK = levelCode(PAYMENT_METHODS, PAYMENT.electronicCheck);
const ONLINE_SECURITY = levelCode(INTERNET_ADD_ONS, "OnlineSecurity");
const TECH_SUPPORT = levelCode(INTERNET_ADD_ONS, "TechSupport");
/** Term of each contract code in months (0: month-to-month has none). */
const TERM_MONTHS = [0, 12, 24];

/** Columns of static attributes, filled per customer. */
class StaticColumns {
  readonly gender = new ColumnBuilder(Uint8Array);
  readonly senior = new ColumnBuilder(Uint8Array);
  readonly partner = new ColumnBuilder(Uint8Array);
  readonly dependents = new ColumnBuilder(Uint8Array);
  readonly phone = new ColumnBuilder(Uint8Array);
  readonly multiple = new ColumnBuilder(Uint8Array);
  readonly internet = new ColumnBuilder(Uint8Array);
  readonly addOns = INTERNET_ADD_ONS.map(() => new ColumnBuilder(Uint8Array));
  readonly paperless = new ColumnBuilder(Uint8Array);
  readonly payment = new ColumnBuilder(Uint8Array);
  readonly start = new ColumnBuilder(Int32Array);
  readonly churn = new ColumnBuilder(Int32Array);
  readonly rowCount = new ColumnBuilder(Uint32Array);
  readonly totalCharges = new ColumnBuilder(Float64Array);
  readonly effects = new ColumnBuilder(Float64Array);
}

/** Per-month scratch for one customer (reused; at most `months + maxPriorTenure` months). */
class MonthScratch {
  readonly period: Int16Array;
  readonly tenure: Int16Array;
  readonly contract: Uint8Array;
  readonly charges: Float64Array;
  readonly tickets: Float64Array;
  readonly usage: Float64Array;
  readonly late: Float64Array;
  readonly hazard: Float64Array;
  readonly latent: Float64Array;
  constructor(size: number) {
    this.period = new Int16Array(size);
    this.tenure = new Int16Array(size);
    this.contract = new Uint8Array(size);
    this.charges = new Float64Array(size);
    this.tickets = new Float64Array(size);
    this.usage = new Float64Array(size);
    this.late = new Float64Array(size);
    this.hazard = new Float64Array(size);
    this.latent = new Float64Array(size);
  }
}

class MonthColumns {
  readonly customer = new ColumnBuilder(Uint32Array);
  readonly period = new ColumnBuilder(Int16Array);
  readonly tenure = new ColumnBuilder(Int16Array);
  readonly contract = new ColumnBuilder(Uint8Array);
  readonly charges = new ColumnBuilder(Float64Array);
  readonly tickets = new ColumnBuilder(Float64Array);
  readonly usage = new ColumnBuilder(Float64Array);
  readonly late = new ColumnBuilder(Float64Array);
  readonly hazard = new ColumnBuilder(Float64Array);
  readonly latent = new ColumnBuilder(Float64Array);
}

/** The attributes drawn at joining. */
interface Attributes {
  gender: number;
  senior: number;
  partner: number;
  dependents: number;
  phone: number;
  multiple: number;
  internet: number;
  addOns: Uint8Array;
  paperless: number;
  payment: number;
  contract: number;
  charges: number;
}

/**
 * Simulates one customer from joining (month `start`) to churn or the end of the window and
 * writes the months inside the window into `out`. Returns the number of rows written, or −1
 * when `mustSurviveTo` ≥ 0 and the customer churned before being active at the end of that month.
 */
function simulateCustomer(
  cfg: SyntheticConfig,
  rng: Rng,
  futureRng: Rng | undefined,
  divergeAfter: number,
  a: Attributes,
  start: number,
  mustSurviveTo: number,
  out: MonthScratch,
  result: { churnPeriod: number; totalCharges: number },
  waveMember: boolean,
): number {
  const months = cfg.months;
  const h = cfg.hazard;
  const s = cfg.signals;
  const ch = cfg.charges;
  const cc = cfg.contractChanges;
  const staticLogit =
    h.intercept +
    (a.internet === FIBER ? h.fiber : 0) +
    (a.payment === E_CHECK ? h.electronicCheck : 0) +
    (a.senior ? h.senior : 0) +
    (a.partner || a.dependents ? h.partnerOrDependents : 0) +
    (a.addOns[ONLINE_SECURITY] || a.addOns[TECH_SUPPORT] ? h.supportOrSecurity : 0);
  const concept = cfg.scenarios.conceptShift;
  const conceptMonth = concept.enabled ? concept.month : Number.MAX_SAFE_INTEGER;
  const shiftedLogit = staticLogit + (a.internet === FIBER ? concept.fiber - h.fiber : 0) + (a.payment === E_CHECK ? concept.electronicCheck - h.electronicCheck : 0);
  const wave = cfg.scenarios.priceRise;
  const waveMonth = wave.enabled && waveMember ? wave.month : Number.MIN_SAFE_INTEGER;
  const contractLogit = CONTRACTS.map((k) => h.contract[k]);
  const lateBase = s.lateIntercept + (a.payment === E_CHECK ? s.lateElectronicCheck : 0);
  let contract = a.contract;
  let termStart = 0;
  let charges = a.charges;
  let d = 0;
  let rows = 0;
  let total = 0;
  let r = rng;
  result.churnPeriod = NOT_CHURNED;
  for (let t = start; t < months; t++) {
    if (futureRng !== undefined && t === divergeAfter + 1) r = futureRng;
    const tenure = t - start + 1;
    // Contract changes at the start of the month.
    if (contract !== M2M) {
      if (tenure - 1 - termStart === TERM_MONTHS[contract]) {
        if (r.bernoulli(cc.downgradeAtRenewal)) contract = M2M;
        termStart = tenure - 1;
      }
    } else if (r.bernoulli(cc.upgradeProbability)) {
      contract = ONE_YEAR;
      termStart = tenure - 1;
    }
    // Price rise, dissatisfaction, signals.
    let shock = 0;
    if (tenure > 1 && r.bernoulli(ch.increaseProbability)) {
      charges *= 1 + ch.increaseMin + (ch.increaseMax - ch.increaseMin) * r.uniform();
      shock = s.priceShock;
    }
    if (t === waveMonth) {
      charges *= 1 + wave.size;
      shock = s.priceShock;
    }
    d = s.persistence * d + s.noiseSd * r.normal() + shock;
    const tickets = r.poisson(Math.exp(s.ticketIntercept + s.ticketSlope * d));
    const usage = Math.exp(-s.usageDrop * Math.max(d, 0) + s.usageNoiseSd * r.normal());
    const late = r.bernoulli(sigmoid(lateBase + s.lateSlope * d)) ? 1 : 0;
    total += charges;
    const renewalDue = contract !== M2M && tenure + 1 - termStart === TERM_MONTHS[contract] ? 1 : 0;
    const hazard = sigmoid(
      (t >= conceptMonth ? shiftedLogit : staticLogit) + contractLogit[contract]! + renewalDue * h.renewalDue + h.logTenure * Math.log(tenure) + h.dissatisfaction * d + (h.chargesPer10 * (charges - cfg.covariates.chargesCenter)) / 10,
    );
    if (t >= 0) {
      out.period[rows] = t;
      out.tenure[rows] = tenure;
      out.contract[rows] = contract;
      out.charges[rows] = Math.round(charges * 100) / 100;
      out.tickets[rows] = tickets;
      out.usage[rows] = usage;
      out.late[rows] = late;
      out.hazard[rows] = hazard;
      out.latent[rows] = d;
      rows++;
    }
    if (t + 1 >= months) break;
    // Churn during the next month; the draw belongs to that month's randomness.
    const churnRng = futureRng !== undefined && t + 1 > divergeAfter ? futureRng : r;
    if (churnRng.uniform() < hazard) {
      if (t + 1 <= mustSurviveTo) return -1;
      result.churnPeriod = t + 1;
      break;
    }
  }
  result.totalCharges = total;
  return rows;
}

function drawAttributes(cfg: SyntheticConfig, rng: Rng, cdfs: { contract: Float64Array; internet: Float64Array; payment: Float64Array }): Attributes {
  const acq = cfg.acquisition;
  const ch = cfg.charges;
  const internet = rng.categorical(cdfs.internet);
  // Every customer has phone or internet service: customers without internet always have a phone line.
  const phone = internet === NO_INTERNET || rng.bernoulli(acq.phoneService) ? 1 : 0;
  const multiple = phone ? (rng.bernoulli(acq.multipleLines) ? 1 : 0) : 2;
  const addOns = new Uint8Array(INTERNET_ADD_ONS.length);
  let price = (phone ? ch.phone : 0) + (multiple === 1 ? ch.multipleLines : 0);
  if (internet !== NO_INTERNET) {
    price += internet === FIBER ? ch.fiber : ch.dsl;
    for (let k = 0; k < INTERNET_ADD_ONS.length; k++) {
      addOns[k] = rng.bernoulli(acq.addOns[INTERNET_ADD_ONS[k]!]) ? 1 : 0;
      if (addOns[k]) price += k >= 4 ? ch.streaming : ch.addOn;
    }
  } else {
    addOns.fill(2);
  }
  const noise = Math.max(ch.noiseFloor, 1 + ch.noiseSd * rng.normal());
  return {
    gender: rng.bernoulli(acq.female) ? 0 : 1,
    senior: rng.bernoulli(acq.seniorCitizen) ? 1 : 0,
    partner: rng.bernoulli(acq.partner) ? 1 : 0,
    dependents: rng.bernoulli(acq.dependents) ? 1 : 0,
    phone,
    multiple,
    internet,
    addOns,
    paperless: rng.bernoulli(acq.paperlessBilling) ? 1 : 0,
    payment: rng.categorical(cdfs.payment),
    contract: rng.categorical(cdfs.contract),
    charges: price * noise,
  };
}

/** True effect covariates of a customer, in {@link EFFECT_COVARIATES} order. */
function effectCovariates(cfg: SyntheticConfig, a: Attributes, tenureAtWindowStart: number): number[] {
  const cov = cfg.covariates;
  return [
    a.contract === M2M ? 1 : 0,
    a.internet === FIBER ? 1 : 0,
    a.payment === E_CHECK ? 1 : 0,
    a.senior,
    (a.charges - cov.chargesCenter) / cov.chargesScale,
    a.internet !== NO_INTERNET && a.addOns[TECH_SUPPORT] === 0 ? 1 : 0,
    tenureAtWindowStart < cov.shortTenureMonths ? 1 : 0,
  ];
}

function category(levels: readonly string[], codes: Uint8Array): CategoricalColumn {
  return { levels, codes };
}

/** The id of the synthetic customer with population index `index` (0-based): `<prefix>-<index + 1, 7 digits or more>`. */
export function syntheticCustomerId(prefix: string, index: number): string {
  return `${prefix}-${String(index + 1).padStart(7, "0")}`;
}

/** The population index of a synthetic customer id made by {@link syntheticCustomerId}, or −1 when `id` is not one of `prefix`'s. */
export function syntheticPopulationIndex(prefix: string, id: string): number {
  if (!id.startsWith(`${prefix}-`)) return -1;
  const digits = id.slice(prefix.length + 1);
  return /^[0-9]{7,}$/.test(digits) ? Number(digits) - 1 : -1;
}

/**
 * Generates the synthetic telco: customers active at the start of the window (joined up to
 * `maxPriorTenure` months earlier, kept only if they survived to month 0, so the starting base
 * has the survivor mix a real base has) plus Poisson arrivals every month; each customer's
 * monthly signals, contract and charges evolve and churn is drawn each month from the known
 * hazard, which is kept per row with each action's true effect per customer. The drift scenarios of
 * `cfg.scenarios` (a price-rise wave, an acquisition shift, a concept shift), when enabled, change
 * the world from their month on and nothing before it.
 * Deterministic in the seed: customer i draws from its own stream, so output is byte-identical
 * for the same config and seed. Memory is columnar: about 90 bytes per customer-month.
 */
export function generateSynthetic(cfg: SyntheticConfig, options: SyntheticOptions): ChurnHistory {
  const { seed } = options;
  const diverge = options.divergence;
  const divergeAfter = diverge ? diverge.afterPeriod : Number.MAX_SAFE_INTEGER;
  const cdfs = {
    contract: toCdf(CONTRACTS.map((k) => cfg.acquisition.contract[k])),
    internet: toCdf(INTERNET_SERVICES.map((k) => cfg.acquisition.internetService[k])),
    payment: toCdf(PAYMENT_METHODS.map((k) => cfg.acquisition.paymentMethod[k])),
  };
  const shift = cfg.scenarios.acquisitionShift;
  const shiftedCdfs = {
    contract: cdfs.contract,
    internet: toCdf(INTERNET_SERVICES.map((k) => shift.internetService[k])),
    payment: toCdf(PAYMENT_METHODS.map((k) => shift.paymentMethod[k])),
  };
  const shiftMonth = shift.enabled ? shift.month : Number.MAX_SAFE_INTEGER;
  // Membership of the price-rise wave: its own stream per customer, so enabling it changes no other draw.
  const wave = cfg.scenarios.priceRise;
  const waveSeed = deriveSeed(seed, 0x9e1c0de5);
  const inPriceWave = (stream: number): boolean => wave.enabled && new Rng(deriveSeed(waveSeed, stream)).uniform() < wave.share;
  const nActions = cfg.actions.length;
  const statics = new StaticColumns();
  const monthCols = new MonthColumns();
  const scratch = new MonthScratch(cfg.months);
  const result = { churnPeriod: NOT_CHURNED, totalCharges: 0 };
  const effectRow = new Float64Array(nActions);
  const one = new Uint8Array(1);
  const oneInt = new Int32Array(1);
  const oneU32 = new Uint32Array(1);
  const oneF64 = new Float64Array(1);
  const customerIndex = new Uint32Array(cfg.months);
  let customers = 0;

  const pushU8 = (b: ColumnBuilder<Uint8Array>, v: number): void => {
    one[0] = v;
    b.append(one, 1);
  };

  const accept = (a: Attributes, start: number, rows: number): void => {
    pushU8(statics.gender, a.gender);
    pushU8(statics.senior, a.senior);
    pushU8(statics.partner, a.partner);
    pushU8(statics.dependents, a.dependents);
    pushU8(statics.phone, a.phone);
    pushU8(statics.multiple, a.multiple);
    pushU8(statics.internet, a.internet);
    for (let k = 0; k < INTERNET_ADD_ONS.length; k++) pushU8(statics.addOns[k]!, a.addOns[k]!);
    pushU8(statics.paperless, a.paperless);
    pushU8(statics.payment, a.payment);
    oneInt[0] = start;
    statics.start.append(oneInt, 1);
    oneInt[0] = result.churnPeriod;
    statics.churn.append(oneInt, 1);
    oneU32[0] = rows;
    statics.rowCount.append(oneU32, 1);
    oneF64[0] = Math.round(result.totalCharges * 100) / 100;
    statics.totalCharges.append(oneF64, 1);
    const x = effectCovariates(cfg, a, Math.max(0, -start));
    for (let j = 0; j < nActions; j++) {
      const act = cfg.actions[j]!;
      let z = act.intercept;
      for (let k = 0; k < EFFECT_COVARIATES.length; k++) z += act.effects[EFFECT_COVARIATES[k]!] * x[k]!;
      effectRow[j] = sigmoid(z);
    }
    statics.effects.append(effectRow, nActions);
    customerIndex.fill(customers, 0, rows);
    monthCols.customer.append(customerIndex, rows);
    monthCols.period.append(scratch.period, rows);
    monthCols.tenure.append(scratch.tenure, rows);
    monthCols.contract.append(scratch.contract, rows);
    monthCols.charges.append(scratch.charges, rows);
    monthCols.tickets.append(scratch.tickets, rows);
    monthCols.usage.append(scratch.usage, rows);
    monthCols.late.append(scratch.late, rows);
    monthCols.hazard.append(scratch.hazard, rows);
    monthCols.latent.append(scratch.latent, rows);
    customers++;
  };

  const progressStep = Math.max(1, Math.floor(cfg.customers / 20));
  // Customers active at the start of the window: draw a joining month, simulate, keep survivors.
  const select = options.select;
  const populationIndex: number[] = [];
  for (let i = 0; i < cfg.customers; i++) {
    if (select && !select(i)) continue;
    populationIndex.push(i);
    const rng = new Rng(deriveSeed(seed, i));
    const future = diverge ? new Rng(deriveSeed(diverge.seed, i)) : undefined;
    for (;;) {
      const start = -rng.int(cfg.maxPriorTenure);
      const a = drawAttributes(cfg, rng, cdfs);
      const rows = simulateCustomer(cfg, rng, future, divergeAfter, a, start, 0, scratch, result, inPriceWave(i));
      if (rows >= 0) {
        accept(a, start, rows);
        break;
      }
    }
    if (options.onProgress && i % progressStep === 0) options.onProgress((0.6 * i) / cfg.customers);
  }
  // Arrivals: month t brings Poisson(arrivalRate × customers) new customers, each on its own stream.
  const arrivalSeed = deriveSeed(seed, 0xa5a5a5a5);
  const arrivalFutureSeed = diverge ? deriveSeed(diverge.seed, 0xa5a5a5a5) : 0;
  let arrivalIndex = 0;
  for (let t = 1; t < cfg.months; t++) {
    const monthRng = new Rng(deriveSeed(t > divergeAfter ? arrivalFutureSeed : arrivalSeed, t));
    const count = monthRng.poisson((t >= shiftMonth ? shift.arrivalRate : cfg.arrivalRate) * cfg.customers);
    for (let j = 0; j < count; j++) {
      const streamSeed = deriveSeed(t > divergeAfter ? arrivalFutureSeed : arrivalSeed, 0x10000 + arrivalIndex);
      arrivalIndex++;
      if (select && !select(cfg.customers + arrivalIndex - 1)) continue;
      populationIndex.push(cfg.customers + arrivalIndex - 1);
      const rng = new Rng(deriveSeed(streamSeed, t));
      const future = diverge ? new Rng(deriveSeed(deriveSeed(diverge.seed, 0x20000 + arrivalIndex), t)) : undefined;
      const a = drawAttributes(cfg, rng, t >= shiftMonth ? shiftedCdfs : cdfs);
      const rows = simulateCustomer(cfg, rng, future, divergeAfter, a, t, -1, scratch, result, inPriceWave(0x10000 + arrivalIndex));
      accept(a, t, rows);
    }
    if (options.onProgress && t % 4 === 0) options.onProgress(0.6 + (0.4 * t) / cfg.months);
  }

  const rowCount = statics.rowCount.finish();
  const rowStart = new Uint32Array(customers + 1);
  for (let c = 0; c < customers; c++) rowStart[c + 1] = rowStart[c]! + rowCount[c]!;
  const ids: string[] = new Array<string>(customers);
  for (let c = 0; c < customers; c++) ids[c] = syntheticCustomerId(cfg.idPrefix, populationIndex[c]!);
  const addOnColumns: Record<string, CategoricalColumn> = {};
  for (let k = 0; k < INTERNET_ADD_ONS.length; k++) addOnColumns[INTERNET_ADD_ONS[k]!] = category(LEVELS[INTERNET_ADD_ONS[k]!], statics.addOns[k]!.finish());
  const senior = statics.senior.finish();
  const seniorNumeric = new Float64Array(customers);
  for (let c = 0; c < customers; c++) seniorNumeric[c] = senior[c]!;
  const monthCount = monthCols.customer.length;
  options.onProgress?.(1);
  return {
    kind: "synthetic",
    name: `synthetic (seed ${seed})`,
    periods: cfg.months,
    customers: {
      count: customers,
      ids,
      start: statics.start.finish(),
      churnPeriod: statics.churn.finish(),
      rowStart,
      categorical: {
        gender: category(LEVELS.gender, statics.gender.finish()),
        Partner: category(LEVELS.Partner, statics.partner.finish()),
        Dependents: category(LEVELS.Dependents, statics.dependents.finish()),
        PhoneService: category(LEVELS.PhoneService, statics.phone.finish()),
        MultipleLines: category(LEVELS.MultipleLines, statics.multiple.finish()),
        InternetService: category(LEVELS.InternetService, statics.internet.finish()),
        ...addOnColumns,
        PaperlessBilling: category(LEVELS.PaperlessBilling, statics.paperless.finish()),
        PaymentMethod: category(LEVELS.PaymentMethod, statics.payment.finish()),
      },
      numeric: { SeniorCitizen: seniorNumeric },
    },
    months: {
      count: monthCount,
      customer: monthCols.customer.finish(),
      period: monthCols.period.finish(),
      tenure: monthCols.tenure.finish(),
      categorical: { Contract: category(LEVELS.Contract, monthCols.contract.finish()) },
      numeric: {
        MonthlyCharges: monthCols.charges.finish(),
        SupportTickets: monthCols.tickets.finish(),
        UsageIndex: monthCols.usage.finish(),
        LatePayment: monthCols.late.finish(),
      },
    },
    extraction: { totalCharges: statics.totalCharges.finish() },
    truth: {
      hazard: monthCols.hazard.finish(),
      dissatisfaction: monthCols.latent.finish(),
      actionNames: cfg.actions.map((x) => x.name),
      actionEffect: statics.effects.finish(),
    },
  };
}
