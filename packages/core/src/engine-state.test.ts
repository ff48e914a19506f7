import { describe, expect, it } from 'vitest';
import type { Candidate } from './candidate.ts';
import { createEngine } from './create-engine.ts';
import type { DecisionConfig } from './decision.ts';
import type { EngineOptions } from './engine-types.ts';

const decisions: Record<string, DecisionConfig> = {
  feed: { kind: 'rank', k: 5 },
  strategy: { kind: 'choose', arms: ['popular', 'gems', 'genres'], fallback: 'popular', k: 2 },
};

function engineAt(start = 1_000_000, over: Partial<EngineOptions> = {}) {
  return createEngine({ decisions, seed: 7, now: () => start, ...over });
}

const catalog: Candidate[] = Array.from({ length: 60 }, (_, i) => ({
  id: `m${i}`,
  features: [`genre:g${i % 6}`, `decade:d${i % 4}`],
}));

describe('Engine state: export, restore, write-behind', () => {
  it('resumes from exported state with the same posteriors, deltas and session', () => {
    const engine = engineAt();
    engine.rank('feed', catalog);
    engine.feedback('feed', 'm1', 'like', { item: { features: ['genre:g1'] } });
    engine.feedback('strategy', 'gems', 'click');
    engine.feedback('feed', 'm2', 'dislike');
    const state = JSON.parse(JSON.stringify(engine.exportState()));
    const copy = engineAt(1_000_000, { state });
    expect(copy.posterior('feed', 'm1')).toEqual(engine.posterior('feed', 'm1'));
    expect(copy.posterior('strategy', 'gems')).toEqual(engine.posterior('strategy', 'gems'));
    expect(copy.pendingDeltas()).toEqual(engine.pendingDeltas());
    expect(copy.session().isHidden('m2')).toBe(true);
    expect(copy.session().interactions).toBe(3);
  });

  it('reports evidence increments once for write-behind storage', () => {
    const engine = engineAt();
    engine.feedback('feed', 'm1', 'like');
    engine.feedback('feed', 'm1', 'impression');
    expect(engine.drainChanges().evidence).toEqual([
      { decision: 'feed', context: '', arm: 'm1', s: 1, f: 0.1, n: 1 },
    ]);
    expect(engine.drainChanges().evidence).toEqual([]);
  });

  it('keeps no deltas for takeDeltas when told not to, but still reports increments', () => {
    const engine = engineAt(1_000_000, { keepDeltas: false });
    engine.feedback('feed', 'm1', 'like');
    expect(engine.pendingDeltas()).toEqual([]);
    expect(engine.drainChanges().evidence).toEqual([
      { decision: 'feed', context: '', arm: 'm1', s: 1, f: 0, n: 0 },
    ]);
  });

  it('adopts stored evidence from another tab without losing its own undrained increments', () => {
    const engine = engineAt();
    engine.feedback('feed', 'm1', 'like');
    engine.drainChanges();
    engine.feedback('feed', 'm1', 'like');
    // Storage now holds this tab's first like plus three likes from another tab.
    engine.loadEvidence([{ decision: 'feed', context: '', arm: 'm1', s: 4, f: 0, t: 1_000_000 }]);
    expect(engine.posterior('feed', 'm1').alpha).toBeCloseTo(1 + 5, 9);
  });

  it('rejects stored state with negative counts and changes nothing', () => {
    const bad = {
      arms: [{ decision: 'feed', context: '', arm: 'm1', s: -1, f: 0, t: 0 }],
      pending: [],
      session: null,
      interactions: 0,
    };
    expect(() => engineAt(0, { state: bad })).toThrow(/state.arms\[0\] has invalid counts/);
    const badPending = {
      ...bad,
      arms: [],
      pending: [{ decision: 'feed', context: '', arm: 'm1', s: 1, f: 0, n: Number.NaN }],
    };
    expect(() => engineAt(0, { state: badPending })).toThrow(
      /state.pending\[0\] has invalid counts/,
    );
  });
});
