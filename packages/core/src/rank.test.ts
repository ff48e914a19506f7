import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from './candidate.ts';
import { isCrowdbanditError } from './errors.ts';
import { createRng } from './random.ts';
import { type PosteriorLookup, type RankInput, rankCandidates } from './rank.ts';

function lookup(params: Record<string, [number, number]> = {}): PosteriorLookup {
  return {
    posterior(arm, out) {
      const p = params[arm];
      out.alpha = p?.[0] ?? 1;
      out.beta = p?.[1] ?? 1;
      out.source = p ? 'community' : 'base';
    },
  };
}

function input(candidates: readonly Candidate[], over: Partial<RankInput> = {}): RankInput {
  return {
    candidates,
    k: 10,
    posteriors: lookup(),
    rng: createRng(1),
    weights: { relevance: 0.6, bandit: 0.4 },
    epsilon: 0,
    diversity: {},
    boost: null,
    exclude: null,
    ...over,
  };
}

const films = (n: number): Candidate[] =>
  Array.from({ length: n }, (_, i) => ({
    id: `m${i}`,
    popularity: (i * 7919) % 10_000,
    features: [`genre:g${i % 5}`, `decade:d${i % 3}`],
  }));

describe('rankCandidates', () => {
  it('returns a duplicate-free subset of the candidates, at most k long', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { maxLength: 60 }),
        fc.integer({ min: 1, max: 80 }),
        fc.integer(),
        (ids, k, seed) => {
          const candidates = ids.map((id) => ({ id }));
          const ranked = rankCandidates(
            input(candidates, {
              k,
              rng: createRng(seed),
              epsilon: 0.5,
              diversity: { mmr: { lambda: 0.7 } },
            }),
          );
          const out = ranked.map((r) => r.id);
          expect(out.length).toBe(Math.min(k, ids.length));
          expect(new Set(out).size).toBe(out.length);
          for (const id of out) expect(ids).toContain(id);
        },
      ),
    );
  });

  it('puts an arm with a much better posterior first', () => {
    const posteriors = lookup({ star: [900, 100], dud: [10, 990] });
    const ranked = rankCandidates(
      input([{ id: 'dud' }, { id: 'star' }, { id: 'x' }], { posteriors }),
    );
    expect(ranked[0]!.id).toBe('star');
    expect(ranked.at(-1)!.id).toBe('dud');
  });

  it('is deterministic for a fixed seed', () => {
    const a = rankCandidates(input(films(200), { rng: createRng(42) })).map((r) => r.id);
    const b = rankCandidates(input(films(200), { rng: createRng(42) })).map((r) => r.id);
    expect(a).toEqual(b);
  });

  it('explains every returned item', () => {
    const posteriors = lookup({ a: [30, 10] });
    const [item] = rankCandidates(
      input([{ id: 'a', relevance: 0.5, features: ['genre:Drama'] }], {
        posteriors,
        boost: { weights: new Map([['genre:Drama', 0.25]]), vector: null },
      }),
    );
    const e = item!.explanation;
    expect(e.mean).toBeCloseTo(0.75, 12);
    expect([e.alpha, e.beta]).toEqual([30, 10]);
    // Left to withInterval: 20 of them cost a quarter of a rank.
    expect(e.interval).toBeUndefined();
    expect(e.prior).toBe('community');
    expect(e.boost).toBeCloseTo(0.25, 12);
    expect(e.boostFeatures).toEqual([{ feature: 'genre:Drama', weight: 0.25 }]);
    expect(e.score).toBeCloseTo(0.6 * 0.5 + 0.4 * e.theta + 0.25, 12);
    expect(e.rule).toBe('score');
  });

  it('ranks by the bandit alone when no candidate has relevance', () => {
    const [item] = rankCandidates(input([{ id: 'a' }]));
    expect(item!.score).toBe(item!.explanation.theta);
  });

  it('never returns excluded items', () => {
    const ranked = rankCandidates(
      input(films(50), {
        k: 50,
        exclude: films(50)
          .map((f) => f.id)
          .filter((id) => id.endsWith('1')),
      }),
    );
    expect(ranked.length).toBe(45);
    expect(ranked.some((r) => r.id.endsWith('1'))).toBe(false);
  });

  it('returns [] for no candidates and every candidate when k exceeds the list', () => {
    expect(rankCandidates(input([]))).toEqual([]);
    expect(rankCandidates(input(films(3), { k: 100 })).length).toBe(3);
  });

  it('gives one slot to exploration when epsilon is 1', () => {
    const posteriors = lookup(
      Object.fromEntries(
        films(100).map((f, i) => [
          f.id,
          [1 + 1000 * (i < 10 ? 1 : 0), 1000 - 999 * (i < 10 ? 1 : 0)],
        ]),
      ),
    );
    const ranked = rankCandidates(input(films(100), { posteriors, epsilon: 1 }));
    const explored = ranked.filter((r) => r.explanation.rule === 'explore');
    expect(explored.length).toBe(1);
    expect(Number(explored[0]!.id.slice(1))).toBeGreaterThanOrEqual(10);
    expect(ranked.length).toBe(10);
  });

  it('keeps at most the cap of items per feature value', () => {
    const ranked = rankCandidates(input(films(100), { k: 10, diversity: { caps: { genre: 2 } } }));
    const perGenre = new Map<string, number>();
    for (const r of ranked) {
      const genre = films(100).find((f) => f.id === r.id)!.features![0]!;
      perGenre.set(genre, (perGenre.get(genre) ?? 0) + 1);
    }
    expect(Math.max(...perGenre.values())).toBeLessThanOrEqual(2);
    expect(ranked.length).toBe(10);
    expect(ranked.filter((r) => r.explanation.rule === 'relaxed').length).toBe(0);
  });

  it('fills by score, marked relaxed, when caps cannot be met', () => {
    const same = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, features: ['genre:Drama'] }));
    const ranked = rankCandidates(input(same, { k: 4, diversity: { caps: { genre: 1 } } }));
    expect(ranked.map((r) => r.explanation.rule)).toEqual([
      'score',
      'relaxed',
      'relaxed',
      'relaxed',
    ]);
  });

  it('makes the list more varied with MMR', () => {
    const catalog = films(200);
    const distinct = (ids: string[]) =>
      new Set(ids.map((id) => catalog.find((f) => f.id === id)!.features!.join('|'))).size;
    let plain = 0;
    let mmr = 0;
    for (let seed = 0; seed < 20; seed++) {
      plain += distinct(rankCandidates(input(catalog, { rng: createRng(seed) })).map((r) => r.id));
      mmr += distinct(
        rankCandidates(
          input(catalog, { rng: createRng(seed), diversity: { mmr: { lambda: 0.3 } } }),
        ).map((r) => r.id),
      );
    }
    expect(mmr).toBeGreaterThan(plain);
  });

  it('sinks popular items with popularity dampening and lifts the long tail', () => {
    const catalog = films(500);
    const meanPopularity = (diversity: RankInput['diversity']) => {
      let total = 0;
      for (let seed = 0; seed < 20; seed++) {
        for (const r of rankCandidates(input(catalog, { rng: createRng(seed), diversity }))) {
          total += catalog.find((f) => f.id === r.id)!.popularity!;
        }
      }
      return total / 200;
    };
    const plain = meanPopularity({});
    expect(meanPopularity({ popularityDampening: 1 })).toBeLessThan(plain * 0.8);
    expect(meanPopularity({ longTail: { maxPopularity: 1000, bonus: 1 } })).toBeLessThan(1000);
  });

  it('lifts items sharing liked features', () => {
    const catalog = films(100);
    const boost = { weights: new Map([['genre:g3', 2]]), vector: null };
    const ranked = rankCandidates(input(catalog, { boost }));
    expect(
      ranked.every((r) => catalog.find((f) => f.id === r.id)!.features!.includes('genre:g3')),
    ).toBe(true);
  });

  it.each([
    [
      { id: 'a', relevance: Number.NaN },
      'candidates[1].relevance',
      /finite number in \[0, 1\], got NaN/,
    ],
    [{ id: 'a', relevance: -0.1 }, 'candidates[1].relevance', /got -0.1/],
    [{ id: 'a', relevance: Number.POSITIVE_INFINITY }, 'candidates[1].relevance', /got Infinity/],
    [{ id: 'a', popularity: -1 }, 'candidates[1].popularity', /≥ 0, got -1/],
    [{ id: 'a', popularity: Number.NaN }, 'candidates[1].popularity', /got NaN/],
    [{ id: 'a', popularity: Number.POSITIVE_INFINITY }, 'candidates[1].popularity', /got Infinity/],
    [{ id: '' }, 'candidates[1].id', /1–128 characters/],
    [{ id: 7 }, 'candidates[1].id', /got 7/],
    [null, 'candidates[1]', /must be an object/],
    [{ id: 'a', features: 'genre:Drama' }, 'candidates[1].features', /array of strings/],
    [{ id: 'ok' }, 'candidates[1].id', /"ok" repeats candidates\[0\]\.id/],
  ])('rejects candidate %j with an error naming %s', (bad, field, message) => {
    let caught: unknown;
    try {
      rankCandidates(input([{ id: 'ok' }, bad as Candidate]));
    } catch (error) {
      caught = error;
    }
    expect(isCrowdbanditError(caught)).toBe(true);
    expect(caught).toMatchObject({ code: 'invalid_candidate', field });
    expect((caught as Error).message).toMatch(message);
  });
});
