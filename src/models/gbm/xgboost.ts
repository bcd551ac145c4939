/**
 * Import of XGBoost models (Chen & Guestrin 2016, "XGBoost: A scalable tree boosting system", KDD) into
 * the flat tree format, so that `predictMargin` and `treeShap` run on them: the parity reference for
 * our TreeSHAP (XGBoost's `pred_contribs` is path-dependent TreeSHAP with cover = hessian sum).
 */
import { assertValidTree, type FlatTree, type TreeEnsemble } from "./tree.js";

/**
 * Converts an XGBoost binary-logistic model, as parsed from its JSON form (`Booster.save_raw("json")` or
 * `save_model("model.json")`, format of XGBoost ≥ 1.0: `{ learner: { gradient_booster: { model: { trees }
 * }, learner_model_param: { base_score }, objective: { name } }, version }`), into a {@link TreeEnsemble}.
 *
 * - Splits: XGBoost sends `x < split_condition` left and missing values to `default_left`; ours send
 *   `x ≤ threshold` left, so threshold = the largest double below split_condition (exact for any x).
 *   XGBoost first rounds inputs to float32: predictions agree exactly for inputs representable in
 *   float32 (others may differ when they fall between a float32 threshold and its neighbours).
 * - Leaves: `split_conditions[leaf]` is the leaf value (learning rate already applied).
 * - Cover: `sum_hessian` per node (TreeSHAP's weights). Gain: `loss_changes`. `thresholdBin` is 0 (no bins).
 * - Base score: `learner_model_param.base_score` is a probability for `binary:logistic`; the margin
 *   offset is its logit (XGBoost's `ProbToMargin`), so margin = logit(base_score) + Σ leaves.
 * All values are read as float32 (`Math.fround`), as XGBoost stores them. Only `gbtree` boosters with
 * numerical splits, one output and no deleted nodes are supported; anything else throws a TypeError
 * naming the field and value, as does a malformed object.
 */
export function fromXGBoostJSON(json: unknown): TreeEnsemble {
  const root = obj(json, "model");
  const learner = obj(root["learner"], "learner");
  const objective = obj(learner["objective"], "learner.objective");
  if (objective["name"] !== "binary:logistic") {
    throw new TypeError(`fromXGBoostJSON: objective ${JSON.stringify(objective["name"])} is not supported (only "binary:logistic")`);
  }
  const param = obj(learner["learner_model_param"], "learner.learner_model_param");
  const baseScore = Number(param["base_score"]);
  if (!(baseScore > 0 && baseScore < 1)) {
    throw new TypeError(`fromXGBoostJSON: learner_model_param.base_score ${JSON.stringify(param["base_score"])} is not a probability in (0, 1)`);
  }
  const nFeatures = Number(param["num_feature"]);
  if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new TypeError(`fromXGBoostJSON: num_feature ${JSON.stringify(param["num_feature"])} is not an integer >= 1`);
  const numClass = Number(param["num_class"] ?? 0);
  if (numClass > 1) throw new TypeError(`fromXGBoostJSON: num_class ${numClass}; only binary (one output) models are supported`);
  const booster = obj(learner["gradient_booster"], "learner.gradient_booster");
  if (booster["name"] !== "gbtree") throw new TypeError(`fromXGBoostJSON: booster ${JSON.stringify(booster["name"])} is not supported (only "gbtree")`);
  const model = obj(booster["model"], "gradient_booster.model");
  const trees = model["trees"];
  if (!Array.isArray(trees)) throw new TypeError("fromXGBoostJSON: gradient_booster.model.trees must be an array");
  const f = Math.fround(baseScore);
  return {
    trees: trees.map((t, k) => convertTree(t, nFeatures, `fromXGBoostJSON: tree ${k}`)),
    baseScore: Math.log(f / (1 - f)),
    nFeatures,
  };
}

/** The largest double strictly below finite `t` (so `x < t ⇔ x ≤ below(t)` for every double x). */
export function nextDown(t: number): number {
  if (!Number.isFinite(t)) throw new RangeError(`nextDown: ${t} is not finite`);
  if (t === 0) return -Number.MIN_VALUE;
  const bits = new BigInt64Array(new Float64Array([t]).buffer);
  bits[0] = bits[0]! + (t > 0 ? -1n : 1n);
  return new Float64Array(bits.buffer)[0]!;
}

function convertTree(json: unknown, nFeatures: number, what: string): FlatTree {
  const t = obj(json, what);
  const tp = obj(t["tree_param"], `${what}.tree_param`);
  if (Number(tp["num_deleted"] ?? 0) !== 0) throw new TypeError(`${what}: has ${String(tp["num_deleted"])} deleted nodes; not supported`);
  const left = nums(t, "left_children", what);
  const n = left.length;
  const right = nums(t, "right_children", what);
  const splitIndex = nums(t, "split_indices", what);
  const cond = nums(t, "split_conditions", what);
  const hess = nums(t, "sum_hessian", what);
  const loss = nums(t, "loss_changes", what);
  const defaultLeft = t["default_left"];
  if (!Array.isArray(defaultLeft) || defaultLeft.length !== n) throw new TypeError(`${what}: default_left must be an array of ${n} flags`);
  const splitType = t["split_type"];
  if (Array.isArray(splitType) && splitType.some((v) => v !== 0)) throw new TypeError(`${what}: categorical splits (split_type != 0) are not supported`);
  for (const [key, a] of [["right_children", right], ["split_indices", splitIndex], ["split_conditions", cond], ["sum_hessian", hess], ["loss_changes", loss]] as const) {
    if (a.length !== n) throw new TypeError(`${what}: ${key} has ${a.length} entries, left_children ${n}`);
  }
  const tree: FlatTree = {
    feature: new Int32Array(n),
    threshold: new Float64Array(n),
    thresholdBin: new Uint8Array(n),
    left: new Int32Array(n),
    right: new Int32Array(n),
    missingLeft: new Uint8Array(n),
    value: new Float64Array(n),
    cover: new Float64Array(n),
    gain: new Float64Array(n),
  };
  for (let j = 0; j < n; j++) {
    tree.cover[j] = Math.fround(hess[j]!);
    if (left[j] === -1) {
      tree.feature[j] = -1;
      tree.left[j] = -1;
      tree.right[j] = -1;
      tree.value[j] = Math.fround(cond[j]!);
      continue;
    }
    tree.feature[j] = splitIndex[j]!;
    tree.threshold[j] = nextDown(Math.fround(cond[j]!));
    tree.left[j] = left[j]!;
    tree.right[j] = right[j]!;
    tree.missingLeft[j] = defaultLeft[j] === 1 || defaultLeft[j] === true ? 1 : 0;
    tree.gain[j] = Math.fround(loss[j]!);
  }
  assertValidTree(tree, nFeatures, what);
  return tree;
}

function obj(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw new TypeError(`fromXGBoostJSON: ${what} must be an object, got ${JSON.stringify(v)?.slice(0, 80)}`);
  return v as Record<string, unknown>;
}

function nums(t: Record<string, unknown>, key: string, what: string): number[] {
  const a = t[key];
  if (!Array.isArray(a) || !a.every((v) => typeof v === "number" && Number.isFinite(v))) throw new TypeError(`${what}: ${key} must be an array of finite numbers`);
  return a as number[];
}
