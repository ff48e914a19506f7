import stdlibBeta from '@stdlib/random-base-beta';
import jStat from 'jstat';
import { sampleBeta } from '../src/beta.ts';
import { betaQuantile } from '../src/beta-distribution.ts';
import { createRng } from '../src/random.ts';

/** Beta draws per second of each sampler, measured in the same process. */
export interface BetaThroughput {
  readonly crowdbandit: number;
  readonly stdlib: number;
  readonly jstat: number;
}

// The mix a ranking call sees: every candidate has its own posterior, so the shapes change
// from one draw to the next.
const ALPHAS = Float64Array.of(1, 2, 50, 0.5);
const BETAS = Float64Array.of(1, 5, 200, 0.5);

type Batch = (draws: number) => number;

// One closure per peer keeps each call site monomorphic, so no sampler pays for another's.
function batches(): Record<keyof BetaThroughput, Batch> {
  const rng = createRng(1);
  const stdlib = stdlibBeta.factory({ seed: 1 });
  return {
    crowdbandit: (draws) => {
      let sum = 0;
      for (let i = 0; i < draws; i++) sum += sampleBeta(rng, ALPHAS[i & 3]!, BETAS[i & 3]!);
      return sum;
    },
    stdlib: (draws) => {
      let sum = 0;
      for (let i = 0; i < draws; i++) sum += stdlib(ALPHAS[i & 3]!, BETAS[i & 3]!);
      return sum;
    },
    jstat: (draws) => {
      let sum = 0;
      for (let i = 0; i < draws; i++) sum += jStat.beta.sample(ALPHAS[i & 3]!, BETAS[i & 3]!);
      return sum;
    },
  };
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Beta draws per second of crowdbandit's `sampleBeta`, `@stdlib/random-base-beta` and jstat's
 * `jStat.beta.sample`, over the shapes (1, 1), (2, 5), (50, 200) and (0.5, 0.5) in turn. A
 * hand-written loop rather than tinybench, so the peers can be interleaved: each round times
 * one batch of every sampler, in a rotating order, after warm-up batches; the figure is the
 * median over rounds, and every draw goes into a checked sum so the JIT cannot drop the work.
 *
 * @param opts.quick - fewer and smaller batches (about a second instead of several).
 *
 * @example
 * const { crowdbandit, stdlib, jstat } = await measureBetaThroughput({ quick: true });
 * console.log(`${(crowdbandit / stdlib).toFixed(1)}x stdlib, ${(crowdbandit / jstat).toFixed(1)}x jstat`);
 */
export async function measureBetaThroughput(
  opts: { quick?: boolean } = {},
): Promise<BetaThroughput> {
  const quick = opts.quick ?? false;
  const draws = quick ? 50_000 : 200_000;
  const rounds = quick ? 5 : 15;
  const peers = batches();
  const names = Object.keys(peers) as Array<keyof BetaThroughput>;
  const rates: Record<keyof BetaThroughput, number[]> = { crowdbandit: [], stdlib: [], jstat: [] };
  let sink = 0;
  for (let warmup = 0; warmup < 3; warmup++) {
    for (const name of names) sink += peers[name](draws);
  }
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const start = performance.now();
      sink += peers[name](draws);
      rates[name].push(draws / ((performance.now() - start) / 1000));
    }
    await yieldToEventLoop();
  }
  if (!Number.isFinite(sink)) throw new Error(`a sampler returned a non-finite draw: ${sink}`);
  return {
    crowdbandit: median(rates.crowdbandit),
    stdlib: median(rates.stdlib),
    jstat: median(rates.jstat),
  };
}

// Mean microseconds per betaQuantile call over p in (0.01, 0.99), for the printout.
function quantileMicros(a: number, b: number): number {
  const calls = 20_000;
  let sink = 0;
  for (let i = 0; i < calls; i++) sink += betaQuantile(0.01 + (0.98 * (i + 0.5)) / calls, a, b);
  const start = performance.now();
  for (let i = 0; i < calls; i++) sink += betaQuantile(0.01 + (0.98 * (i + 0.5)) / calls, a, b);
  if (!Number.isFinite(sink)) throw new Error('betaQuantile returned a non-finite value');
  return ((performance.now() - start) * 1000) / calls;
}

if (import.meta.main) {
  const quick = process.argv.includes('--quick');
  const result = await measureBetaThroughput({ quick });
  const perSecond = (rate: number) => `${(rate / 1e6).toFixed(2)} M/s`;
  console.log(`sampleBeta (crowdbandit)   ${perSecond(result.crowdbandit)}`);
  console.log(`@stdlib/random-base-beta   ${perSecond(result.stdlib)}`);
  console.log(`jstat jStat.beta.sample    ${perSecond(result.jstat)}`);
  console.log(`ratio vs stdlib ${(result.crowdbandit / result.stdlib).toFixed(2)}x (target 2.5x)`);
  console.log(`ratio vs jstat  ${(result.crowdbandit / result.jstat).toFixed(2)}x (target 4x)`);
  for (const [a, b] of [
    [2, 5],
    [31, 71],
    [0.5, 0.5],
    [5000, 20000],
  ] as const) {
    console.log(`betaQuantile(p, ${a}, ${b})  ${quantileMicros(a, b).toFixed(2)} µs per call`);
  }
}
