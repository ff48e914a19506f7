import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import vectors from '../test-vectors/boost.json' with { type: 'json' };
import { embeddingBoost, Session, tagBoost } from './session.ts';
import { DEFAULT_SESSION } from './session-options.ts';

const options = DEFAULT_SESSION;

describe('Session', () => {
  it.each(vectors.cases)('$name', ({ events, probes }) => {
    const session = new Session(options, 0);
    events.forEach((e, i) => {
      session.feedback({ id: `item-${i}`, features: e.features }, e.kind as 'like', e.at);
    });
    for (const probe of probes) {
      expect(tagBoost(probe.features, session.weightsAt(probe.at))).toBeCloseTo(probe.boost, 12);
    }
  });

  it('hides a disliked item for the rest of the session and shows it again after a like', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'm1', features: ['genre:Horror'] }, 'dislike', 10);
    expect(session.isHidden('m1')).toBe(true);
    session.feedback({ id: 'm1', features: ['genre:Horror'] }, 'like', 20);
    expect(session.isHidden('m1')).toBe(false);
  });

  it('ends after 30 minutes idle and forgets boosts, hidden items and interactions', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'm1', features: ['genre:Drama'] }, 'dislike', 1000);
    expect(session.expireIfIdle(1000 + options.idleMs)).toBe(false);
    expect(session.expireIfIdle(1001 + options.idleMs)).toBe(true);
    expect(session.isNeutral).toBe(true);
    expect(session.interactions).toBe(0);
    expect(session.isHidden('m1')).toBe(false);
  });

  it('survives a round trip through its stored record', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'm1', features: ['genre:Drama'], embedding: [1, 0, 0] }, 'like', 100);
    session.feedback({ id: 'm2', features: ['genre:Horror'] }, 'dislike', 200);
    const copy = Session.restore(JSON.parse(JSON.stringify(session.toRecord())), options, 300);
    expect(copy.weightsAt(300)).toEqual(session.weightsAt(300));
    expect(copy.vectorAt(300)).toEqual(session.vectorAt(300));
    expect(copy.isHidden('m2')).toBe(true);
    expect(copy.interactions).toBe(2);
  });

  it('comes back empty when restored after the idle time', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'm1', features: ['genre:Drama'] }, 'like', 0);
    expect(Session.restore(session.toRecord(), options, options.idleMs + 1).isNeutral).toBe(true);
  });

  const features = fc.uniqueArray(
    fc.constantFrom('genre:A', 'genre:B', 'genre:C', 'decade:1990s', 'decade:2000s', 'director:X'),
    {
      minLength: 1,
      maxLength: 4,
    },
  );
  const history = fc.array(
    fc.record({
      kind: fc.constantFrom('like' as const, 'dislike' as const),
      features,
      dt: fc.nat(3_600_000),
    }),
    {
      maxLength: 20,
    },
  );

  it('a like never lowers and a dislike never raises the boost of items sharing its features', () => {
    fc.assert(
      fc.property(
        history,
        features,
        features,
        fc.constantFrom('like' as const, 'dislike' as const),
        (past, liked, probe, kind) => {
          fc.pre(probe.some((f) => liked.includes(f)));
          const session = new Session({ ...options, idleMs: Number.POSITIVE_INFINITY }, 0);
          let now = 0;
          past.forEach((e, i) => {
            now += e.dt;
            session.feedback({ id: `p${i}`, features: e.features }, e.kind, now);
          });
          const before = tagBoost(probe, session.weightsAt(now));
          session.feedback({ id: 'x', features: liked }, kind, now);
          const after = tagBoost(probe, session.weightsAt(now));
          if (kind === 'like') expect(after).toBeGreaterThan(before);
          else expect(after).toBeLessThan(before);
        },
      ),
    );
  });

  it('boosts by cosine for embeddings: a like lifts similar directions and sinks opposite ones', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'a', embedding: [2, 0] }, 'like', 0);
    const vector = session.vectorAt(0);
    expect(embeddingBoost([1, 0], vector)).toBeCloseTo(0.25, 12);
    expect(embeddingBoost([1, 1], vector)).toBeCloseTo(0.25 / Math.SQRT2, 12);
    expect(embeddingBoost([-1, 0], vector)).toBeCloseTo(-0.25, 12);
    expect(embeddingBoost([0, 3], vector)).toBeCloseTo(0, 12);
  });

  it('rejects an embedding whose length differs from earlier ones', () => {
    const session = new Session(options, 0);
    session.feedback({ id: 'a', embedding: [1, 0] }, 'like', 0);
    expect(() => session.feedback({ id: 'b', embedding: [1, 0, 0] }, 'like', 0)).toThrow(
      /3 dimensions/,
    );
  });
});
