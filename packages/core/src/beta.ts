import type { Rng } from './random.ts';

const TWO_POW_32 = 4294967296;
const POSITION_SCALE = 2 ** 23;

// Ziggurat tables (Marsaglia & Tsang 2000) for a decreasing density f with 256 layers: r is
// the base layer's edge and area each layer's area; layer 0 is the base with its tail. One
// rng() call gives 32 bits: the low 8 pick the layer and the other 24 the position in it
// (signed for the normal, unsigned for the exponential), so layer and position are
// independent, unlike in the original (the flaw Doornik 2005 found).
interface Ziggurat {
  // A position below k[layer] lies inside the next layer up: accept at once.
  readonly k: Float64Array;
  readonly w: Float64Array;
  readonly f: Float64Array;
}

function buildZiggurat(
  r: number,
  area: number,
  scale: number,
  density: (x: number) => number,
  inverse: (y: number) => number,
): Ziggurat {
  const k = new Float64Array(256);
  const w = new Float64Array(256);
  const f = new Float64Array(256);
  const q = area / density(r);
  k[0] = Math.floor((r / q) * scale);
  w[0] = q / scale;
  w[255] = r / scale;
  f[0] = 1;
  f[255] = density(r);
  let previous = r;
  for (let i = 254; i >= 1; i--) {
    const edge = inverse(area / previous + density(previous));
    k[i + 1] = Math.floor((edge / previous) * scale);
    w[i] = edge / scale;
    f[i] = density(edge);
    previous = edge;
  }
  return { k, w, f };
}

const NORMAL_R = 3.6541528853610088;
const NORMAL = buildZiggurat(
  NORMAL_R,
  0.00492867323399,
  POSITION_SCALE,
  (x) => Math.exp(-0.5 * x * x),
  (y) => Math.sqrt(-2 * Math.log(y)),
);
const NORMAL_K = NORMAL.k;
const NORMAL_W = NORMAL.w;
const NORMAL_F = NORMAL.f;

const EXPONENTIAL_R = 7.697117470131487;
const EXPONENTIAL = buildZiggurat(
  EXPONENTIAL_R,
  0.003949659822581572,
  2 * POSITION_SCALE,
  (x) => Math.exp(-x),
  (y) => -Math.log(y),
);
const EXPONENTIAL_K = EXPONENTIAL.k;
const EXPONENTIAL_W = EXPONENTIAL.w;
const EXPONENTIAL_F = EXPONENTIAL.f;

/**
 * A standard normal draw (mean 0, variance 1) by the ziggurat method: one `rng()` call for
 * about 99% of draws, and no state outside `rng`.
 *
 * @example
 * const rng = createRng(7);
 * const z = sampleNormal(rng);
 * const height = 170 + 10 * z; // a draw from Normal(170, 10²)
 */
export function sampleNormal(rng: Rng): number {
  for (;;) {
    const bits = (rng() * TWO_POW_32) | 0;
    const layer = bits & 255;
    const position = bits >> 8;
    const x = position * NORMAL_W[layer]!;
    if (Math.abs(position) < NORMAL_K[layer]!) return x;
    if (layer === 0) return normalTail(rng, position);
    const below = NORMAL_F[layer]!;
    if (below + rng() * (NORMAL_F[layer - 1]! - below) < Math.exp(-0.5 * x * x)) return x;
  }
}

// Beyond the base edge, by Marsaglia's exponential rejection; 1 - rng() is never 0.
function normalTail(rng: Rng, position: number): number {
  let tail: number;
  let y: number;
  do {
    tail = -Math.log(1 - rng()) / NORMAL_R;
    y = -Math.log(1 - rng());
  } while (y + y < tail * tail);
  return position > 0 ? NORMAL_R + tail : -NORMAL_R - tail;
}

// A standard exponential draw by the ziggurat: the boost for shapes below 1 without a log.
function sampleExponential(rng: Rng): number {
  for (;;) {
    const bits = (rng() * TWO_POW_32) >>> 0;
    const layer = bits & 255;
    const position = bits >>> 8;
    if (position < EXPONENTIAL_K[layer]!) return position * EXPONENTIAL_W[layer]!;
    // The exponential is memoryless: its tail beyond r is r plus a fresh draw.
    if (layer === 0) return EXPONENTIAL_R - Math.log(1 - rng());
    const x = position * EXPONENTIAL_W[layer]!;
    const below = EXPONENTIAL_F[layer]!;
    if (below + rng() * (EXPONENTIAL_F[layer - 1]! - below) < Math.exp(-x)) return x;
  }
}

const ONE_THIRD = 1 / 3;

// Marsaglia & Tsang (2000) for shape >= 1, unchecked.
function gammaAtLeastOne(rng: Rng, shape: number): number {
  const d = shape - ONE_THIRD;
  const c = 1 / (3 * Math.sqrt(d));
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = sampleNormal(rng);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2) return d * v;
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v;
  }
}

function shapeError(name: string, value: number): RangeError {
  return new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
}

/**
 * A Gamma(shape, 1) draw by Marsaglia & Tsang (2000), with the boost
 * Ga(a) = Ga(a + 1) * U^(1/a) for shape < 1. Very small shapes can give 0 (an underflow of a
 * value below about 1e-308), never NaN.
 *
 * @throws RangeError when `shape` is not a finite number > 0.
 *
 * @example
 * const rng = createRng(7);
 * sampleGamma(rng, 3); // mean 3, variance 3
 * sampleGamma(rng, 0.5) * 2; // a chi-squared draw with 1 degree of freedom
 */
export function sampleGamma(rng: Rng, shape: number): number {
  if (!(shape > 0 && shape < Number.POSITIVE_INFINITY)) throw shapeError('shape', shape);
  if (shape >= 1) return gammaAtLeastOne(rng, shape);
  // U^(1/a) as exp(-E/a), E exponential.
  return gammaAtLeastOne(rng, shape + 1) * Math.exp(-sampleExponential(rng) / shape);
}

// V8 boxes a double passed to or returned from a call it does not inline: an allocation
// per draw. The sampler is too big to inline, so the tiny sampleBeta (which callers do
// inline) passes the shapes and gets the draw back through this buffer. drawBeta reads the
// shapes before it calls rng, and nothing runs between its write and sampleBeta's read.
// (Even the validation lives in drawBeta: in sampleBeta it brought the boxing back.)
const betaSlots = new Float64Array(3);
/**
 * A Beta(a, b) draw as Ga(a) / (Ga(a) + Ga(b)): the Thompson-sampling step of `rank` and
 * `choose`, so it allocates nothing and takes about four `rng()` calls. Shapes below 1 are
 * boosted in log space, as 1 / (1 + Gb/Ga * exp(Ea/a - Eb/b)), so tiny shapes such as
 * (0.01, 0.01) give values piled at 0 and 1 but never 0/0: the result is always in [0, 1]
 * and never NaN.
 *
 * @param a - the alpha shape (successes + prior), a finite number > 0.
 * @param b - the beta shape (failures + prior), a finite number > 0.
 * @throws RangeError when `a` or `b` is not a finite number > 0.
 *
 * @example
 * const rng = createRng(42);
 * const theta = sampleBeta(rng, 1 + 12, 1 + 30); // a plausible click-through rate, near 0.3
 */
export function sampleBeta(rng: Rng, a: number, b: number): number {
  betaSlots[0] = a;
  betaSlots[1] = b;
  drawBeta(rng);
  return betaSlots[2]!;
}

function drawBeta(rng: Rng): void {
  const a = betaSlots[0]!;
  const b = betaSlots[1]!;
  if (!(a > 0 && a < Number.POSITIVE_INFINITY)) throw shapeError('a', a);
  if (!(b > 0 && b < Number.POSITIVE_INFINITY)) throw shapeError('b', b);
  let ga = 1;
  // log(boostB / boostA), where a shape s below 1 is drawn as Ga(s + 1) * exp(-E / s).
  let logBoost = 0;
  // Both gammas come from one loop body, with sampleNormal's ziggurat written out inline:
  // V8 then inlines every rng() here, and no call's (boxed) result flows into the hot values.
  for (let pass = 0; pass < 2; pass++) {
    const shape = pass === 0 ? a : b;
    // d = shape - 1/3, of shape + 1 below 1 (written so that no branch yields a boxed value).
    const d = shape + (shape < 1 ? 2 / 3 : -ONE_THIRD);
    const c = 1 / (3 * Math.sqrt(d));
    let g = 0;
    for (;;) {
      const bits = (rng() * TWO_POW_32) | 0;
      const layer = bits & 255;
      const position = bits >> 8;
      let x = position * NORMAL_W[layer]!;
      if (Math.abs(position) >= NORMAL_K[layer]!) {
        if (layer === 0) {
          let y: number;
          do {
            x = -Math.log(1 - rng()) / NORMAL_R;
            y = -Math.log(1 - rng());
          } while (y + y < x * x);
          x = position > 0 ? NORMAL_R + x : -NORMAL_R - x;
        } else {
          const below = NORMAL_F[layer]!;
          if (below + rng() * (NORMAL_F[layer - 1]! - below) >= Math.exp(-0.5 * x * x)) continue;
        }
      }
      let v = 1 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      const u = rng();
      const x2 = x * x;
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        g = d * v;
        break;
      }
    }
    if (shape < 1) logBoost += (pass === 0 ? 1 : -1) * (sampleExponential(rng) / shape);
    if (pass === 0) {
      ga = g;
    } else {
      // Dividing by ga rather than by ga + gb keeps the ratio finite for shapes near 1e308.
      const ratio = g / ga;
      betaSlots[2] = 1 / (1 + (logBoost === 0 ? ratio : ratio * Math.exp(logBoost)));
    }
  }
}
