import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sampleBeta } from './beta.ts';
import {
  addDispersion,
  clientTerm,
  type DispersionSums,
  decisionKappa,
  estimateKappa,
  estimateRho,
  NO_DISPERSION,
} from './dispersion.ts';
import { createRng } from './random.ts';

const OPTIONS = { floor: 2, ceiling: 10_000, fallback: 100, minClients: 30 };

function sumsOf(clients: readonly (readonly [number, number])[]): DispersionSums {
  return clients.reduce((sums, [x, n]) => addDispersion(sums, clientTerm(x, n)), NO_DISPERSION);
}

// The one-way ANOVA of 0/1 outcomes written out from the per-client data, as a textbook does.
function anovaRho(groups: readonly (readonly (readonly [number, number])[])[]): number {
  let ssb = 0;
  let ssw = 0;
  let dfb = 0;
  let dfw = 0;
  let spread = 0;
  for (const clients of groups) {
    const kept = clients.filter(([, n]) => n >= 2);
    const total = kept.reduce((sum, [, n]) => sum + n, 0);
    const mean = kept.reduce((sum, [x]) => sum + x, 0) / total;
    for (const [x, n] of kept) {
      const p = x / n;
      ssb += n * (p - mean) ** 2;
      // x ones and n − x zeros around their own mean p.
      ssw += x * (1 - p) ** 2 + (n - x) * p ** 2;
    }
    dfb += kept.length - 1;
    dfw += total - kept.length;
    spread += total - kept.reduce((sum, [, n]) => sum + n * n, 0) / total;
  }
  const msb = ssb / dfb;
  const msw = ssw / dfw;
  const n0 = spread / dfb;
  return (msb - msw) / (msb + (n0 - 1) * msw);
}

function betaBinomialClients(seed: number, kappa: number, m: number, clients: number, n: number) {
  const rng = createRng(seed);
  return Array.from({ length: clients }, () => {
    const p = sampleBeta(rng, m * kappa, (1 - m) * kappa);
    let x = 0;
    for (let i = 0; i < n; i++) if (rng() < p) x += 1;
    return [x, n] as const;
  });
}

describe('clientTerm', () => {
  it('counts a client with at least 2 events', () => {
    expect(clientTerm(3, 10)).toEqual({ k: 1, n: 10, x: 3, q: 0.9, r: 100 });
  });

  it('leaves out a client with fewer than 2 events', () => {
    expect(clientTerm(1, 1)).toBe(NO_DISPERSION);
    expect(clientTerm(0, 1.5)).toBe(NO_DISPERSION);
  });
});

describe('addDispersion', () => {
  it('takes a term back out with sign −1', () => {
    const sums = sumsOf([
      [3, 10],
      [1, 4],
    ]);
    const back = addDispersion(sums, clientTerm(1, 4), -1);
    const alone = clientTerm(3, 10);
    for (const key of ['k', 'n', 'x', 'q', 'r'] as const) {
      expect(back[key]).toBeCloseTo(alone[key], 12);
    }
  });

  it('gives the same sums in any order', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.nat(50), fc.nat(50)).map(([x, extra]) => [x, x + extra] as const),
          { maxLength: 20 },
        ),
        (clients) => {
          const forward = sumsOf(clients);
          const backward = sumsOf([...clients].reverse());
          for (const key of ['k', 'n', 'x', 'q', 'r'] as const) {
            expect(backward[key]).toBeCloseTo(forward[key], 9);
          }
        },
      ),
    );
  });
});

describe('estimateRho', () => {
  it('equals the ANOVA estimate computed from the per-client data, pooled over arm keys', () => {
    const groups = [
      betaBinomialClients(1, 20, 0.3, 40, 12),
      betaBinomialClients(2, 20, 0.6, 25, 7),
      [
        [1, 1],
        [2, 5],
        [0, 3],
        [4, 9],
      ] as const,
    ];
    const estimate = estimateRho(groups.map(sumsOf));
    expect(estimate?.rho).toBeCloseTo(anovaRho(groups), 10);
    expect(estimate?.clients).toBe(40 + 25 + 3);
  });

  it('has nothing to say about a single client', () => {
    expect(estimateRho([sumsOf([[3, 10]])])).toBeNull();
  });

  it('has nothing to say when no client ever succeeded', () => {
    expect(
      estimateRho([
        sumsOf([
          [0, 10],
          [0, 20],
          [0, 5],
        ]),
      ]),
    ).toBeNull();
  });

  it('finds no spread between clients who all have the same rate', () => {
    const same = Array.from({ length: 50 }, () => [5, 10] as const);
    expect(estimateRho([sumsOf(same)])!.rho).toBeLessThan(0);
  });
});

describe('estimateKappa', () => {
  it.each([10, 100, 1000])('recovers κ = %d from 500 clients within a quarter', (kappa) => {
    const groups = Array.from({ length: 20 }, (_, arm) =>
      sumsOf(betaBinomialClients(100 + arm, kappa, 0.2 + arm * 0.02, 500, 200)),
    );
    const estimate = estimateKappa(groups, OPTIONS);
    expect(estimate.source).toBe('estimate');
    expect(Math.abs(estimate.kappa - kappa) / kappa).toBeLessThan(0.25);
    expect(estimate.rho).toBeCloseTo(1 / (estimate.kappa + 1), 12);
  });

  it('reaches the ceiling when clients agree beyond what the data can tell', () => {
    const same = Array.from({ length: 50 }, () => [5, 10] as const);
    expect(estimateKappa([sumsOf(same)], OPTIONS)).toMatchObject({
      kappa: 10_000,
      source: 'ceiling',
    });
  });

  it('stays at the floor when clients disagree completely', () => {
    const split = Array.from({ length: 50 }, (_, i) => [i % 2 === 0 ? 10 : 0, 10] as const);
    expect(estimateKappa([sumsOf(split)], OPTIONS)).toMatchObject({
      kappa: 2,
      source: 'estimate',
    });
  });

  it('falls back while fewer than minClients clients have 2 events', () => {
    const few = betaBinomialClients(3, 10, 0.3, 29, 20);
    expect(estimateKappa([sumsOf(few)], OPTIONS)).toMatchObject({
      kappa: 100,
      source: 'fallback',
      clients: 29,
    });
    expect(estimateKappa([], OPTIONS)).toEqual({
      kappa: 100,
      source: 'fallback',
      rho: null,
      clients: 0,
    });
  });
});

describe('decisionKappa', () => {
  const options = { ...OPTIONS, minClientsPerArm: 200 };

  it('gives an arm its own κ where it clearly differs from the decision', () => {
    const byArm = new Map<string, DispersionSums>();
    for (let arm = 0; arm < 10; arm++) {
      byArm.set(`agreed-${arm}`, sumsOf(betaBinomialClients(200 + arm, 500, 0.3, 300, 200)));
    }
    byArm.set('polarising', sumsOf(betaBinomialClients(300, 3, 0.5, 300, 200)));
    const { pooled, arms } = decisionKappa(byArm, options);
    expect(pooled.source).toBe('estimate');
    // The polarising arm does not drag the other arms' κ down with it.
    expect(Math.abs(pooled.kappa - 500) / 500).toBeLessThan(0.25);
    expect([...arms.keys()]).toEqual(['polarising']);
    expect(arms.get('polarising')).toBeGreaterThan(2);
    expect(arms.get('polarising')).toBeLessThan(6);
  });

  it('keeps the pooled κ for arms whose estimate is noise around it', () => {
    const byArm = new Map<string, DispersionSums>();
    for (let arm = 0; arm < 10; arm++) {
      byArm.set(`arm-${arm}`, sumsOf(betaBinomialClients(400 + arm, 100, 0.3, 300, 50)));
    }
    expect(decisionKappa(byArm, options).arms.size).toBe(0);
  });

  it('gives no arm its own κ while the decision falls back', () => {
    const byArm = new Map([['one', sumsOf(betaBinomialClients(5, 3, 0.5, 20, 50))]]);
    const result = decisionKappa(byArm, { ...options, minClientsPerArm: 10 });
    expect(result.pooled.source).toBe('fallback');
    expect(result.arms.size).toBe(0);
  });
});

describe('clientTerm with a minimum weight', () => {
  it('leaves out a client under the minimum, and never counts one under 2', () => {
    expect(clientTerm(3, 9, 10)).toBe(NO_DISPERSION);
    expect(clientTerm(3, 10, 10)).toEqual(clientTerm(3, 10));
    expect(clientTerm(1, 1, 0)).toBe(NO_DISPERSION);
  });
});
