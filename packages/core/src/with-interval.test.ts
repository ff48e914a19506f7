import { describe, expect, it } from 'vitest';
import { betaInterval } from './beta-distribution.ts';
import { createEngine } from './create-engine.ts';
import { withInterval } from './with-interval.ts';

describe('withInterval', () => {
  it("adds the posterior's equal-tailed interval and keeps every other field", () => {
    const engine = createEngine({
      decisions: {
        feed: { kind: 'rank', k: 1 },
        strategy: { kind: 'choose', arms: ['a', 'b'], k: 1 },
      },
      seed: 3,
    });
    for (let i = 0; i < 6; i++) engine.feedback('feed', 'm1', i === 0 ? 'dislike' : 'like');
    const [top] = engine.rank('feed', [{ id: 'm1' }]);
    const explained = withInterval(top!.explanation);
    expect(explained).toEqual({
      ...top!.explanation,
      interval: betaInterval(top!.explanation.alpha, top!.explanation.beta),
    });
    const [lo, hi] = explained.interval;
    expect(lo).toBeLessThan(explained.mean);
    expect(hi).toBeGreaterThan(explained.mean);
    const [arm] = engine.choose('strategy').arms;
    expect(withInterval(arm!).interval).toEqual(betaInterval(arm!.alpha, arm!.beta));
    expect(withInterval(engine.posterior('feed', 'm1'), 0.5).interval).toEqual(
      betaInterval(6, 2, 0.5),
    );
  });
});
