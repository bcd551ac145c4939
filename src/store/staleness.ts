/**
 * How old an online feature vector is. Feast's online store answers with the latest value per key
 * and ignores its TTL on reads; here every read says its age and whether it is stale.
 */

/** The age of a feature vector and whether it is too old to trust. */
export interface FeatureAge {
  /** currentMonth − asOfMonth, in calendar months (≥ 0). */
  readonly ageMonths: number;
  /** ageMonths > maxFeatureAgeMonths. */
  readonly stale: boolean;
}

/**
 * The age in months of features as of `asOfMonth` read at `currentMonth`, stale when it exceeds
 * `maxFeatureAgeMonths` (so 0 allows only the current month's features, 1 also last month's).
 * Throws a RangeError quoting the values when a month is not an integer, the allowed age is not a
 * whole number, or `asOfMonth` is after `currentMonth` (features from the caller's future).
 */
export function featureAge(currentMonth: number, asOfMonth: number, maxFeatureAgeMonths: number): FeatureAge {
  if (!Number.isInteger(currentMonth) || !Number.isInteger(asOfMonth)) throw new RangeError(`featureAge: months are integers, got current ${currentMonth}, as-of ${asOfMonth}`);
  if (!Number.isInteger(maxFeatureAgeMonths) || maxFeatureAgeMonths < 0) throw new RangeError(`featureAge: maxFeatureAgeMonths is a whole number, got ${maxFeatureAgeMonths}`);
  const ageMonths = currentMonth - asOfMonth;
  if (ageMonths < 0) throw new RangeError(`featureAge: features as of month ${asOfMonth} are after the current month ${currentMonth}`);
  return { ageMonths, stale: ageMonths > maxFeatureAgeMonths };
}
