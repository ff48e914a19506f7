import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ObdLog } from './obd-log.ts';
import { shrinkageSummary, shrunkItemRates } from './obd-rates.ts';
import { readObdSample } from './obd-sample.ts';

const MEN12 = join(import.meta.dirname, 'fixtures/obd-men12');

// Three items: 0 has 2 clicks in 100, 1 has 0 in 100, 2 has 4 in 100.
function fakeLog(): ObdLog {
  const item: number[] = [];
  const click: number[] = [];
  const clicks = [2, 0, 4];
  for (let i = 0; i < 3; i++) {
    for (let r = 0; r < 100; r++) {
      item.push(i);
      click.push(r < clicks[i]! ? 1 : 0);
    }
  }
  const rows = item.length;
  return {
    source: 'fake',
    rows,
    items: 3,
    timestamp: new Float64Array(rows),
    item: Int32Array.from(item),
    position: new Int8Array(rows).fill(1),
    click: Uint8Array.from(click),
    propensity: new Float64Array(rows).fill(1 / 3),
  };
}

describe('shrunkItemRates', () => {
  it('shrinks every item towards the pooled rate with the capped prior', () => {
    const r = shrunkItemRates(fakeLog(), 50);
    expect(r.pooledRate).toBeCloseTo(0.02, 12);
    // Between-item variance of 2%, 0%, 4% in 100 each is below binomial noise: the cap holds.
    expect(r.prior.alpha + r.prior.beta).toBeCloseTo(50, 9);
    expect(r.prior.alpha / (r.prior.alpha + r.prior.beta)).toBeCloseTo(0.02, 9);
    // (0 + 1) / (100 + 50) for the zero-click item: above 0, below the pooled rate.
    expect(r.rates[1]).toBeCloseTo(1 / 150, 9);
    expect(r.rates[2]).toBeCloseTo(5 / 150, 9);
    expect(r.rates[0]).toBeCloseTo(3 / 150, 9);
  });
});

describe('shrinkageSummary', () => {
  it('says the sample cannot tell the items apart when their variance is within binomial noise', async () => {
    // The 12-item fixture: 3 clicks in 400 rows spread less than binomial noise would.
    const r = shrunkItemRates((await readObdSample(MEN12)).random);
    expect(r.betweenVariance).toBeLessThan(0);
    expect(shrinkageSummary(r)).toMatch(
      /^between-item variance beyond binomial noise -6\.\d\de-5: the sample cannot tell the items apart beyond binomial noise, so the prior's strength is its cap, 100$/,
    );
  });

  it('gives the moment strength, and the cap when it binds', () => {
    const r = shrunkItemRates(fakeLog(), 50);
    const apart = { ...r, pooledRate: 0.02, betweenVariance: 0.0002 };
    // 0.02 × 0.98 / 0.0002 − 1 = 97 pseudo-impressions.
    expect(shrinkageSummary(apart)).toBe(
      'between-item variance beyond binomial noise 2.00e-4 (moment strength 97 → capped at 50)',
    );
    expect(shrinkageSummary({ ...apart, maxStrength: 100 })).toBe(
      'between-item variance beyond binomial noise 2.00e-4 (moment strength 97)',
    );
  });
});

describe('shrunkItemRates on the shipped sample', () => {
  it('gives 34 positive rates around the 0.46% pooled CTR', async () => {
    const r = shrunkItemRates((await readObdSample()).random);
    expect(r.rates.length).toBe(34);
    expect(r.pooledRate).toBe(0.0046);
    expect(Math.min(...r.rates)).toBeGreaterThan(0.001);
    expect(Math.max(...r.rates)).toBeLessThan(0.013);
    expect(shrinkageSummary(r)).toMatch(/moment strength 1,559,\d{3} → capped at 100\)$/);
  });
});
