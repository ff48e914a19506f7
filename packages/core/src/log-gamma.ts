// Lanczos approximation, g = 671/128 with 14 terms (Numerical Recipes, 3rd ed., gammln):
// about 1e-15 relative error for x > 0.
const LANCZOS_G = 671 / 128;
const LANCZOS = [
  57.15623566586292, -59.59796035547549, 14.136097974741746, -0.4919138160976202,
  3.399464998481189e-5, 4.652362892704858e-5, -9.837447530487956e-5, 1.580887032249125e-4,
  -2.1026444172410488e-4, 2.1743961811521265e-4, -1.643181065367639e-4, 8.441822398385275e-5,
  -2.6190838401581408e-5, 3.6899182659531625e-6,
];
const SQRT_2PI = 2.5066282746310007;
/** log(2π)/2 */
export const HALF_LOG_2PI = 0.9189385332046728;

/**
 * The natural log of |Γ(x)| by the Lanczos approximation (about 1e-15 relative error),
 * with the reflection formula below 0.5. Infinity at 0 and at the negative integers.
 *
 * @example
 * logGamma(5); // 3.1780538303479458 = log(4!)
 * logGamma(0.5); // 0.5723649429247001 = log(sqrt(pi))
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Γ(x) Γ(1 - x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  if (x === Number.POSITIVE_INFINITY) return x;
  let denominator = x;
  let series = 0.9999999999999971;
  for (const coefficient of LANCZOS) {
    denominator += 1;
    series += coefficient / denominator;
  }
  const t = x + LANCZOS_G;
  return (x + 0.5) * Math.log(t) - t + Math.log((SQRT_2PI * series) / x);
}

/**
 * logGamma(z) minus Stirling's leading terms (z - 1/2) log z - z + log(2π)/2. The series is
 * used from z = 10, where its next term is below 1e-16; below that, the exact difference.
 */
export function stirlingCorrection(z: number): number {
  if (z >= 10) {
    const r = 1 / z;
    const r2 = r * r;
    return (
      r *
      (1 / 12 -
        r2 *
          (1 / 360 -
            r2 * (1 / 1260 - r2 * (1 / 1680 - r2 * (1 / 1188 - r2 * (691 / 360360 - r2 / 156))))))
    );
  }
  return logGamma(z) - ((z - 0.5) * Math.log(z) - z + HALF_LOG_2PI);
}
