/**
 * Small dense linear algebra on row-major `Float64Array`s, sized for (p + 1) × (p + 1) systems
 * with p in the tens (Newton steps of generalised linear models). O(n³) with no pivoting.
 */

/**
 * Cholesky factorisation A = L·Lᵀ in place (Golub & Van Loan, Matrix Computations, 4th ed., Alg. 4.2.1).
 * Reads only the lower triangle of the row-major `n × n` matrix `a` and overwrites it with L;
 * the strict upper triangle is left untouched. Returns `false` (with `a` partly overwritten)
 * when a pivot is not strictly positive and finite, i.e. A is not numerically positive definite.
 */
export function choleskyInPlace(a: Float64Array, n: number): boolean {
  if (a.length < n * n) throw new RangeError(`choleskyInPlace: a.length=${a.length} < n*n=${n * n}`);
  for (let j = 0; j < n; j++) {
    const rj = j * n;
    let diag = a[rj + j]!;
    for (let k = 0; k < j; k++) diag -= a[rj + k]! * a[rj + k]!;
    if (!(diag > 0) || diag === Number.POSITIVE_INFINITY) return false;
    const ljj = Math.sqrt(diag);
    a[rj + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const ri = i * n;
      let s = a[ri + j]!;
      for (let k = 0; k < j; k++) s -= a[ri + k]! * a[rj + k]!;
      a[ri + j] = s / ljj;
    }
  }
  return true;
}

/**
 * Solves L·Lᵀ·x = b in place (`b` becomes x) by forward then back substitution, where L is the
 * lower triangle of the row-major `n × n` factor written by {@link choleskyInPlace}.
 */
export function choleskySolveInPlace(l: Float64Array, n: number, b: Float64Array): void {
  if (l.length < n * n || b.length < n) throw new RangeError(`choleskySolveInPlace: l.length=${l.length}, b.length=${b.length} too short for n=${n}`);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[ri + k]! * b[k]!;
    b[i] = s / l[ri + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** Growth of the ridge between attempts of {@link choleskyWithRidge}. */
const RIDGE_GROWTH = 100;
/** The first ridge of {@link choleskyWithRidge}, relative to the largest diagonal entry. */
const RIDGE_START = 1e-12;
/** Attempts of {@link choleskyWithRidge}: the ridge grows to 1e-12·100^28 ≈ 1e44 × max diag before it gives up. */
const RIDGE_ATTEMPTS = 30;

/**
 * Cholesky factor of the symmetric `d × d` matrix H (lower triangle read, H not modified), as a new
 * row-major array whose lower triangle is L. When H is not numerically positive definite (flat or
 * separable directions drive curvature to 0), retries with a ridge H + r·I, r = 1e-12·max diag(H)
 * growing ×100 per attempt (Levenberg–Marquardt style damping, Nocedal & Wright 2006, §3.4).
 * Returns null when no ridge works (e.g. a non-finite H). O(d³) per attempt.
 */
export function choleskyWithRidge(H: Float64Array, d: number): Float64Array | null {
  const work = H.slice();
  let maxDiag = 0;
  for (let j = 0; j < d; j++) maxDiag = Math.max(maxDiag, Math.abs(H[j * d + j]!));
  let ridge = 0;
  for (let attempt = 0; attempt < RIDGE_ATTEMPTS; attempt++) {
    if (attempt > 0) {
      work.set(H);
      ridge = ridge === 0 ? Math.max(maxDiag, Number.MIN_VALUE) * RIDGE_START : ridge * RIDGE_GROWTH;
      for (let j = 0; j < d; j++) work[j * d + j]! += ridge;
    }
    if (choleskyInPlace(work, d)) return work;
  }
  return null;
}
