import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Candidate } from './candidate.ts';
import { createEngine } from './create-engine.ts';
import type { DecisionConfig } from './decision.ts';
import { buildEngine } from './engine.ts';
import type { EngineOptions } from './engine-types.ts';

const decisions: Record<string, DecisionConfig> = {
  feed: { kind: 'rank', k: 5 },
  moody: { kind: 'rank', k: 3, context: ['mood'] },
  strategy: { kind: 'choose', arms: ['popular', 'gems', 'genres'], fallback: 'popular', k: 2 },
};

function engineAt(start = 1_000_000, over: Partial<EngineOptions> = {}) {
  let now = start;
  const engine = createEngine({ decisions, seed: 7, now: () => now, ...over });
  return { engine, advance: (ms: number) => (now += ms) };
}

const catalog: Candidate[] = Array.from({ length: 60 }, (_, i) => ({
  id: `m${i}`,
  features: [`genre:g${i % 6}`, `decade:d${i % 4}`],
}));

describe('buildEngine', () => {
  it('is createEngine without the checks: the same options give the same decisions', () => {
    const options = { decisions, seed: 7, now: () => 1_000_000, session: { eta: 0.5 } };
    const checked = createEngine(options);
    const built = buildEngine(options);
    for (const engine of [checked, built]) engine.feedback('feed', 'm3', 'like');
    expect(built.rank('feed', catalog)).toEqual(checked.rank('feed', catalog));
    expect(built.choose('strategy')).toEqual(checked.choose('strategy'));
    expect(built.decisions.get('strategy')).toEqual(checked.decisions.get('strategy'));
  });

  it('still checks stored state', () => {
    expect(() => buildEngine({ decisions, state: { arms: 'x' } as never })).toThrow(/state/);
  });
});

describe('createEngine', () => {
  it.each([
    [{ decisions: {} }, 'decisions', /at least one decision/],
    [{ decisions: { feed: { kind: 'list' } } }, 'decisions.feed.kind', /'rank' or 'choose'/],
    [{ decisions: { s: { kind: 'choose' } } }, 'decisions.s.arms', /1–64 arms/],
    [
      { decisions: { s: { kind: 'choose', arms: ['a', 'a'] } } },
      'decisions.s.arms',
      /must not repeat "a"/,
    ],
    [
      { decisions: { s: { kind: 'choose', arms: ['a'], fallback: 'b' } } },
      'decisions.s.fallback',
      /one of the arms/,
    ],
    [{ decisions: { f: { kind: 'rank', k: 0 } } }, 'decisions.f.k', /positive integer/],
    [{ decisions: { f: { kind: 'rank', epsilon: 1.5 } } }, 'decisions.f.epsilon', /\[0, 1\]/],
    [{ decisions: { f: { kind: 'rank', halfLifeMs: -5 } } }, 'decisions.f.halfLifeMs', /got -5/],
    [
      { decisions: { f: { kind: 'rank', prior: { alpha: 0, beta: 1 } } } },
      'decisions.f.prior.alpha',
      /got 0/,
    ],
    [
      { decisions: { f: { kind: 'rank', diversity: { caps: { genre: 0 } } } } },
      'decisions.f.diversity.caps.genre',
      /positive integer/,
    ],
    [{ decisions: { f: { kind: 'rank', colour: 'red' } } }, 'decisions.f.colour', /unknown option/],
    [{ decisions: { 'bad name!': { kind: 'rank' } } }, 'decisions.bad name!', /decision name/],
    [{ decisions: { f: { kind: 'rank' } }, seed: Number.NaN }, undefined, /seed/],
    [{ decisions: { f: { kind: 'rank' } }, session: { eta: -1 } }, 'session.eta', /got -1/],
  ])('rejects misconfiguration %j', (options, field, message) => {
    expect(() => createEngine(options as never)).toThrow(
      expect.objectContaining(
        field === undefined
          ? { message: expect.stringMatching(message) }
          : { field, message: expect.stringMatching(message) },
      ),
    );
  });
});

describe('Engine', () => {
  it('lifts films sharing a liked film’s features within the session and hides a disliked one', () => {
    const { engine } = engineAt();
    const rankOf = (id: string) =>
      engine.rank('feed', catalog, { k: 60 }).findIndex((r) => r.id === id);
    const before = Array.from({ length: 30 }, () => rankOf('m12')).reduce((a, b) => a + b, 0);
    engine.feedback('feed', 'm0', 'like', { item: { features: ['genre:g0', 'decade:d0'] } });
    const after = Array.from({ length: 30 }, () => rankOf('m12')).reduce((a, b) => a + b, 0);
    expect(after).toBeLessThan(before);
    engine.feedback('feed', 'm12', 'dislike');
    expect(rankOf('m12')).toBe(-1);
  });

  it('remembers the features of items it returned, for feedback without them', () => {
    const { engine } = engineAt();
    const [top] = engine.rank('feed', catalog);
    engine.feedback('feed', top!.id, 'like');
    const genre = catalog.find((c) => c.id === top!.id)!.features![0]!;
    expect(engine.session().weightsAt(1_000_000).get(genre)).toBeCloseTo(0.25, 12);
  });

  it('credits feedback to the context the item was served in', () => {
    const { engine } = engineAt();
    const [top] = engine.rank('moody', catalog, { context: { mood: 'calm' } });
    const result = engine.feedback('moody', top!.id, 'like');
    expect(result.contextKey).toBe('mood=calm');
    expect(engine.posterior('moody', top!.id, { mood: 'calm' }).alpha).toBeGreaterThan(
      engine.posterior('moody', top!.id, { mood: 'tense' }).alpha,
    );
  });

  it('asks for the context when an item was never served', () => {
    const { engine } = engineAt();
    expect(() => engine.feedback('moody', 'm1', 'like')).toThrow(/context.mood is required/);
  });

  it('accumulates deltas per arm key and hands them over once', () => {
    const { engine } = engineAt();
    engine.feedback('feed', 'm1', 'like');
    engine.feedback('feed', 'm1', 'dislike');
    engine.feedback('feed', 'm2', { type: 'rating', value: 4 });
    engine.feedback('feed', 'm3', 'impression');
    expect(engine.takeDeltas()).toEqual([
      { decision: 'feed', context: '', arm: 'm1', s: 1, f: 1, n: 0 },
      { decision: 'feed', context: '', arm: 'm2', s: 0.75, f: 0.25, n: 0 },
      { decision: 'feed', context: '', arm: 'm3', s: 0, f: 0.1, n: 1 },
    ]);
    expect(engine.takeDeltas()).toEqual([]);
  });

  it('ends with the same posteriors and deltas whatever the order of the events', () => {
    const event = fc.record({
      arm: fc.constantFrom('m1', 'm2', 'm3'),
      event: fc.constantFrom('like', 'dislike', 'click', 'bookmark', 'impression', {
        type: 'rating',
        value: 5,
      }),
    });
    fc.assert(
      fc.property(
        fc
          .array(event, { maxLength: 30 })
          .chain((events) =>
            fc.tuple(
              fc.constant(events),
              fc.shuffledSubarray(events, { minLength: events.length }),
            ),
          ),
        ([events, shuffled]) => {
          const run = (list: typeof events) => {
            const { engine } = engineAt();
            for (const e of list) engine.feedback('feed', e.arm, e.event as never);
            const sort = <T extends { arm: string }>(xs: T[]) =>
              xs.sort((a, b) => a.arm.localeCompare(b.arm));
            return {
              deltas: sort(engine.pendingDeltas()),
              posteriors: ['m1', 'm2', 'm3'].map((arm) => engine.posterior('feed', arm)),
            };
          };
          const a = run(events);
          const b = run(shuffled);
          expect(b.deltas.length).toBe(a.deltas.length);
          a.deltas.forEach((d, i) => {
            expect(b.deltas[i]!.s).toBeCloseTo(d.s, 9);
            expect(b.deltas[i]!.f).toBeCloseTo(d.f, 9);
            expect(b.deltas[i]!.n).toBe(d.n);
          });
          a.posteriors.forEach((p, i) => {
            expect(b.posteriors[i]!.mean).toBeCloseTo(p.mean, 9);
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('blends community priors and never counts its own feedback twice', () => {
    const { engine } = engineAt();
    engine.feedback('feed', 'm1', 'like');
    engine.feedback('feed', 'm1', 'like');
    // The crowd's totals already include this client's two likes.
    engine.setCommunity(
      { feed: { '': { m1: [52, 48] } } },
      new Map([['feed//m1', { s: 2, f: 0 }]]),
    );
    const p = engine.posterior('feed', 'm1');
    expect(p.prior).toBe('community');
    expect(p.alpha).toBeCloseTo(1 + 50 + 2, 9);
    expect(p.beta).toBeCloseTo(1 + 48, 9);
  });

  it('holds a community prior to the default κ of 100 when the priors publish none', () => {
    const { engine } = engineAt();
    engine.setCommunity({ feed: { '': { m1: [9000, 1000] } } });
    const p = engine.posterior('feed', 'm1');
    expect(p.alpha + p.beta).toBeCloseTo(102, 9);
    expect(p.mean).toBeCloseTo(91 / 102, 9);
    expect(p.community?.kappa).toEqual({ value: 100, source: 'default' });
  });

  it('lets a community prior grow to the published κ, with no ceiling of its own', () => {
    const { engine } = engineAt();
    expect(engine.decisions.get('feed')?.maxPriorStrength).toBe(Number.POSITIVE_INFINITY);
    engine.setCommunity({ feed: { '': { m1: [9000, 1000] } } }, undefined, {
      feed: { value: 3000, source: 'estimate' },
    });
    const p = engine.posterior('feed', 'm1');
    expect(p.alpha + p.beta).toBeCloseTo(3002, 9);
    expect(p.mean).toBeCloseTo(2701 / 3002, 9);
  });

  it('starts unseen arms from the decision-level prior fitted across known arms', () => {
    const { engine } = engineAt();
    const totals = Object.fromEntries(
      Array.from({ length: 30 }, (_, i) => [`m${i}`, [10 + (i % 3), 990 - (i % 3)] as const]),
    );
    engine.setCommunity({ feed: { '': totals } });
    const unseen = engine.posterior('feed', 'brand-new');
    expect(unseen.prior).toBe('decision');
    expect(unseen.mean).toBeLessThan(0.1);
  });

  it('drops community evidence that a new snapshot no longer has', () => {
    const { engine } = engineAt();
    engine.setCommunity({ feed: { '': { m1: [50, 50] } } });
    engine.setCommunity({ feed: { '': {} } });
    expect(engine.posterior('feed', 'm1').prior).toBe('base');
  });

  it('decays its own evidence with the decision half-life', () => {
    let now = 0;
    const engine = createEngine({
      decisions: { f: { kind: 'rank', halfLifeMs: 1000, decisionPriorStrength: 0 } },
      seed: 1,
      now: () => now,
    });
    for (let i = 0; i < 8; i++) engine.feedback('f', 'a', 'like');
    now = 2000;
    expect(engine.posterior('f', 'a').alpha).toBeCloseTo(1 + 2, 9);
  });

  it('counts choose selections as impressions and falls back when no arm is available', () => {
    const { engine } = engineAt();
    const result = engine.choose('strategy');
    expect(result.arms.length).toBe(2);
    expect(engine.pendingDeltas().reduce((n, d) => n + d.n, 0)).toBe(2);
    const fallback = engine.choose('strategy', { available: [] });
    expect(fallback).toMatchObject({
      fallback: true,
      reason: 'no arm is available',
      arms: [{ id: 'popular', weight: 1 }],
    });
  });

  it('derives the user type from the visitor’s interactions', () => {
    const engine = createEngine({
      decisions: { s: { kind: 'choose', arms: ['a', 'b'], context: ['userType'] } },
      seed: 1,
    });
    expect(engine.choose('s').contextKey).toBe('userType=cold-start');
    for (let i = 0; i < 10; i++) engine.feedback('s', 'a', 'click', { context: {} });
    expect(engine.choose('s').contextKey).toBe('userType=regular');
  });

  it.each([
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.rank('nope', catalog),
      'unknown_decision',
      /unknown decision "nope"; configured: feed, moody, strategy/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.rank('strategy', catalog),
      'invalid_option',
      /choose decision: call choose\(\)/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.choose('feed'),
      'invalid_option',
      /rank decision: call rank\(\)/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.feedback('strategy', 'trending', 'like'),
      'unknown_arm',
      /"trending" is not an arm of strategy/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.feedback('feed', '', 'like'),
      'invalid_option',
      /1–128 characters/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.feedback('feed', 'a\nb', 'like'),
      'invalid_option',
      /control characters/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.feedback('feed', 'a\u0085b', 'like'),
      'invalid_option',
      /control characters/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.feedback('feed', 'a\ud800', 'like'),
      'invalid_option',
      /lone surrogates/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.rank('feed', catalog, { k: 2.5 }),
      'invalid_option',
      /k must be a positive integer, got 2.5/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.rank('feed', 'm1' as never),
      'invalid_candidate',
      /candidates must be an array/,
    ],
    [
      (e: ReturnType<typeof engineAt>['engine']) => e.choose('strategy', { available: ['x'] }),
      'unknown_arm',
      /"x" is not an arm/,
    ],
  ])('refuses bad calls with a clear error (%#)', (call, code, message) => {
    const { engine } = engineAt();
    engine.feedback('feed', 'm1', 'like');
    const before = JSON.stringify(engine.exportState());
    expect(() => call(engine)).toThrow(
      expect.objectContaining({ code, message: expect.stringMatching(message) }),
    );
    expect(JSON.stringify(engine.exportState())).toBe(before);
  });
});
