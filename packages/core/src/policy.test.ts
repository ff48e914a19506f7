import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from './candidate.ts';
import { createEngine } from './create-engine.ts';
import { isCrowdbanditError } from './errors.ts';
import { topK } from './heap.ts';

function engineWith(seed = 7) {
  return createEngine({
    decisions: {
      feed: { kind: 'rank', k: 4, epsilon: 0.5, diversity: { caps: { genre: 1 } } },
      strategy: { kind: 'choose', arms: ['popular', 'gems', 'genres'], fallback: 'gems', k: 2 },
    },
    seed,
    now: () => 1_000_000,
  });
}

const films: Candidate[] = [
  { id: 'a', relevance: 0.2, popularity: 900, features: ['genre:drama'] },
  { id: 'b', relevance: 0.9, popularity: 10, features: ['genre:drama'] },
  { id: 'c', popularity: 5000, features: ['genre:drama'] },
  { id: 'd', relevance: 0.5, popularity: 1, features: ['genre:comedy'] },
  { id: 'e', relevance: 0.5, popularity: 50, features: ['genre:drama'] },
  { id: 'f', features: ['genre:drama'] },
  { id: 'g', popularity: 7, features: ['genre:drama'] },
];

describe('the baseline policy of rank', () => {
  it('ranks by relevance alone, ties by popularity then input order, missing relevance last', () => {
    const engine = engineWith();
    const ranked = engine.rank('feed', films, { policy: 'baseline', k: 7 });
    // No diversity cap (one drama), no exploration slot: relevance, then popularity.
    expect(ranked.map((r) => r.id)).toEqual(['b', 'e', 'd', 'a', 'c', 'g', 'f']);
    expect(ranked.map((r) => r.score)).toEqual([0.9, 0.5, 0.5, 0.2, -1, -1, -1]);
    for (const { explanation } of ranked) {
      expect(explanation).toMatchObject({ policy: 'baseline', theta: 0, boost: 0, rule: 'score' });
    }
  });

  it('gives the same order whatever the seed: nothing is drawn', () => {
    const orders = new Set(
      [1, 2, 3, 4, 5].map((seed) =>
        engineWith(seed)
          .rank('feed', films, { policy: 'baseline' })
          .map((r) => r.id)
          .join(),
      ),
    );
    expect(orders).toEqual(new Set(['b,e,d,a']));
  });

  it('ignores the session: no boost, and a disliked item is not hidden', () => {
    const engine = engineWith();
    engine.feedback('feed', 'b', 'dislike', { item: { features: ['genre:drama'] } });
    engine.feedback('feed', 'd', 'like', { item: { features: ['genre:comedy'] } });
    const baseline = engine.rank('feed', films, { policy: 'baseline' });
    expect(baseline.map((r) => r.id)).toEqual(['b', 'e', 'd', 'a']);
    expect(baseline.every((r) => r.explanation.boost === 0)).toBe(true);
    const learner = engine.rank('feed', films);
    expect(learner.map((r) => r.id)).not.toContain('b');
    expect(learner.every((r) => r.explanation.policy === 'learner')).toBe(true);
  });

  it("still honours the app's exclude and excludeSeen", () => {
    const engine = engineWith();
    engine.feedback('feed', 'e', 'click');
    const ranked = engine.rank('feed', films, {
      policy: 'baseline',
      exclude: ['b'],
      excludeSeen: true,
    });
    expect(ranked.map((r) => r.id)).toEqual(['d', 'a', 'c', 'g']);
  });

  it('learns from feedback on what it showed', () => {
    const engine = engineWith();
    const [top] = engine.rank('feed', films, { policy: 'baseline' });
    engine.feedback('feed', top!.id, 'like');
    expect(engine.posterior('feed', 'b').alpha).toBe(2);
    expect(engine.pendingDeltas()).toEqual([
      { decision: 'feed', context: '', arm: 'b', s: 1, f: 0, n: 0 },
    ]);
  });

  it('refuses a policy it does not know, naming the field', () => {
    const engine = engineWith();
    let error: unknown;
    try {
      engine.rank('feed', films, { policy: 'greedy' as never });
    } catch (caught) {
      error = caught;
    }
    expect(isCrowdbanditError(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'invalid_option',
      field: 'policy',
      message: `policy must be 'learner' or 'baseline', got "greedy"`,
    });
  });

  it('returns the k best by (relevance, popularity, input order) for any catalog', () => {
    const candidate = fc.record(
      {
        relevance: fc.constantFrom(0, 0.25, 0.5, 1),
        popularity: fc.constantFrom(0, 1, 10),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 40 }),
        fc.integer({ min: 1, max: 10 }),
        (list, k) => {
          const candidates = list.map((c, i) => ({ id: `i${i}`, ...c }));
          const key = (c: (typeof candidates)[number]) => [c.relevance ?? -1, c.popularity ?? -1];
          const expected = candidates
            .map((c, i) => ({ c, i }))
            .sort((x, y) => {
              const [rx, px] = key(x.c);
              const [ry, py] = key(y.c);
              return ry! - rx! || py! - px! || x.i - y.i;
            })
            .slice(0, k)
            .map(({ c }) => c.id);
          const ranked = engineWith().rank('feed', candidates, { policy: 'baseline', k });
          expect(ranked.map((r) => r.id)).toEqual(expected);
        },
      ),
    );
  });
});

describe('the baseline policy of choose', () => {
  it('returns the arms in configured order from the fallback, equally weighted, without draws', () => {
    const engine = engineWith();
    const result = engine.choose('strategy', { policy: 'baseline' });
    expect(result.policy).toBe('baseline');
    expect(result.arms.map((a) => [a.id, a.weight])).toEqual([
      ['gems', 0.5],
      ['popular', 0.5],
    ]);
    expect(result.arms[0]!.theta).toBe(result.arms[0]!.mean);
    expect(
      engine
        .choose('strategy', { policy: 'baseline', available: ['genres', 'popular'] })
        .arms.map((a) => a.id),
    ).toEqual(['popular', 'genres']);
    expect(engine.choose('strategy').policy).toBe('learner');
  });
});

describe('topK with ties', () => {
  it('breaks equal scores by the tie values, then by index', () => {
    const scores = Float64Array.of(0.5, 0.5, 0.9, 0.5, Number.NEGATIVE_INFINITY);
    const ties = Float64Array.of(1, 3, 0, 3, 9);
    expect([...topK(scores, 4, 5, ties)]).toEqual([2, 1, 3, 0]);
    expect([...topK(scores, 4)]).toEqual([2, 0, 1, 3]);
  });
});
