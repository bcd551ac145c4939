type Gatherable = Float64Array | Int16Array | Int32Array | Uint32Array | Uint8Array;

/**
 * Gathers rows `index` of a row-major typed array with `width` values per row into a new array of
 * the same type (index.length × width values), in index order. The one "take by index" of the workspace.
 */
export function gather<T extends Gatherable>(values: T, index: ArrayLike<number>, width = 1): T {
  const out = new (values.constructor as { new (n: number): T })(index.length * width);
  if (width === 1) {
    for (let i = 0; i < index.length; i++) out[i] = values[index[i]!]!;
  } else {
    for (let i = 0; i < index.length; i++) out.set(values.subarray(index[i]! * width, (index[i]! + 1) * width) as never, i * width);
  }
  return out;
}
