/**
 * Minimal dense matrix used as the design-matrix type of every model in `src/models/`.
 * Storage is row-major: element (i, j) is `data[i * cols + j]`.
 */

/** Row-major dense matrix of doubles: `rows × cols` values, element (i, j) at `data[i * cols + j]`. */
export interface DenseMatrix {
  readonly data: Float64Array;
  readonly rows: number;
  readonly cols: number;
}

/**
 * Wraps `data` (not copied) as a `rows × cols` row-major {@link DenseMatrix};
 * throws unless `rows` and `cols` are non-negative integers and `data.length === rows * cols`.
 */
export function denseMatrix(data: Float64Array, rows: number, cols: number): DenseMatrix {
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError(`denseMatrix: rows must be a non-negative integer, got ${rows}`);
  if (!Number.isInteger(cols) || cols < 0) throw new RangeError(`denseMatrix: cols must be a non-negative integer, got ${cols}`);
  if (data.length !== rows * cols) {
    throw new RangeError(`denseMatrix: data.length=${data.length} does not equal rows*cols=${rows}*${cols}=${rows * cols}`);
  }
  return { data, rows, cols };
}

/**
 * Copies an array of equal-length numeric rows into a new {@link DenseMatrix} (convenient for
 * tests and small literal data); throws on ragged rows or an empty list (the column count would be unknown).
 */
export function matrixFromRows(rowList: readonly (readonly number[])[]): DenseMatrix {
  if (rowList.length === 0) throw new RangeError("matrixFromRows: no rows given (column count unknown)");
  const cols = rowList[0]!.length;
  const data = new Float64Array(rowList.length * cols);
  for (let i = 0; i < rowList.length; i++) {
    const row = rowList[i]!;
    if (row.length !== cols) throw new RangeError(`matrixFromRows: row ${i} has ${row.length} values, row 0 has ${cols}`);
    data.set(row, i * cols);
  }
  return { data, rows: rowList.length, cols };
}

/**
 * Checks that `X` is a consistent, non-empty, all-finite {@link DenseMatrix}; `caller` prefixes
 * the error message, which quotes the shape or the first non-finite element and its position.
 */
export function assertFiniteMatrix(X: DenseMatrix, caller: string): void {
  const { data, rows, cols } = X;
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0 || data.length !== rows * cols) {
    throw new RangeError(`${caller}: inconsistent matrix shape rows=${rows}, cols=${cols}, data.length=${data.length}`);
  }
  if (rows === 0 || cols === 0) throw new RangeError(`${caller}: X is empty (rows=${rows}, cols=${cols})`);
  for (let k = 0; k < data.length; k++) {
    const v = data[k]!;
    if (v - v !== 0) {
      const i = Math.floor(k / cols);
      throw new RangeError(`${caller}: X[${i}, ${k - i * cols}] = ${v} is not finite`);
    }
  }
}
