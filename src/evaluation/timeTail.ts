/**
 * The time-ordered validation tail of a training window, for early stopping on a temporal panel:
 * never random rows, which would let neighbouring months of one customer sit on both sides.
 */

/** A training window split into the rows to fit on and the rows to validate on. */
export interface TimeTail {
  readonly fit: Uint32Array;
  readonly validation: Uint32Array;
}

/**
 * Splits `train` (panel row indices) by calendar month: the validation tail is the last `months`
 * months of the window; the fit rows are those whose label window (`period + horizon`) ends at
 * least `gap` months before the tail starts, the same rule as the calendar cross-validation splits.
 * Returns null when either side would be empty or lack one of the two classes of `label`.
 */
export function timeOrderedTail(train: Uint32Array, period: ArrayLike<number>, label: Uint8Array, horizon: number, months: number, gap: number): TimeTail | null {
  if (train.length === 0) return null;
  let last = -Infinity;
  for (let i = 0; i < train.length; i++) last = Math.max(last, period[train[i]!]!);
  const tailStart = last - months + 1;
  const fit: number[] = [];
  const validation: number[] = [];
  const positives = [0, 0];
  for (let i = 0; i < train.length; i++) {
    const r = train[i]!;
    const t = period[r]!;
    if (t >= tailStart) {
      validation.push(r);
      positives[1]! += label[r]!;
    } else if (t + horizon <= tailStart - gap) {
      fit.push(r);
      positives[0]! += label[r]!;
    }
  }
  const bothClasses = (count: number, size: number): boolean => count > 0 && count < size;
  if (!bothClasses(positives[0]!, fit.length) || !bothClasses(positives[1]!, validation.length)) return null;
  return { fit: Uint32Array.from(fit), validation: Uint32Array.from(validation) };
}

/**
 * A by-customer holdout of a training window, for early stopping where the calendar carries no
 * signal (by-customer splits): every row of a customer whose index hashes (Knuth's multiplicative
 * hash, 2654435761) below `share` of 2^32 is validated on, the others fitted on; deterministic,
 * never random rows, never one customer on both sides. Null when a side lacks a class or rows.
 */
export function customerHoldout(train: Uint32Array, customer: ArrayLike<number>, label: Uint8Array, share: number): TimeTail | null {
  const cut = share * 2 ** 32;
  const fit: number[] = [];
  const validation: number[] = [];
  const positives = [0, 0];
  for (let i = 0; i < train.length; i++) {
    const r = train[i]!;
    const held = Math.imul(customer[r]! + 1, 2654435761) >>> 0 < cut;
    (held ? validation : fit).push(r);
    positives[held ? 1 : 0]! += label[r]!;
  }
  const bothClasses = (count: number, size: number): boolean => count > 0 && count < size;
  if (!bothClasses(positives[0]!, fit.length) || !bothClasses(positives[1]!, validation.length)) return null;
  return { fit: Uint32Array.from(fit), validation: Uint32Array.from(validation) };
}
