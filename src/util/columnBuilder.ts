type NumericArray = Float64Array | Float32Array | Int32Array | Int16Array | Uint32Array | Uint8Array;
type ArrayCtor<T extends NumericArray> = { new (length: number): T };

/**
 * Append-only column of numbers stored in fixed-size chunks, so that a column of unknown final
 * length (hundreds of millions of rows) grows without repeated doubling copies; `finish`
 * copies into one exact-length typed array, releasing each chunk as it goes.
 */
export class ColumnBuilder<T extends NumericArray> {
  private readonly chunks: T[] = [];
  private current: T;
  private used = 0;
  private total = 0;

  constructor(
    private readonly ctor: ArrayCtor<T>,
    private readonly chunkSize = 1 << 20,
  ) {
    this.current = new ctor(chunkSize);
  }

  /** Number of values appended so far. */
  get length(): number {
    return this.total;
  }

  /** Appends the first `count` values of `source`. */
  append(source: ArrayLike<number> & { subarray(start: number, end: number): ArrayLike<number> }, count: number): void {
    let offset = 0;
    while (offset < count) {
      if (this.used === this.chunkSize) {
        this.chunks.push(this.current);
        this.current = new this.ctor(this.chunkSize);
        this.used = 0;
      }
      const n = Math.min(count - offset, this.chunkSize - this.used);
      (this.current as unknown as { set(a: ArrayLike<number>, o: number): void }).set(source.subarray(offset, offset + n), this.used);
      this.used += n;
      offset += n;
    }
    this.total += count;
  }

  /** Returns all values in one typed array of exact length; the builder is empty afterwards. */
  finish(): T {
    const out = new this.ctor(this.total);
    let offset = 0;
    while (this.chunks.length > 0) {
      const chunk = this.chunks.shift()!;
      out.set(chunk as never, offset);
      offset += chunk.length;
    }
    out.set(this.current.subarray(0, this.used) as never, offset);
    this.current = new this.ctor(0);
    this.used = 0;
    this.total = 0;
    return out;
  }
}
