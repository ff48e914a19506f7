import {
  BUILT_IN_FEATURES,
  dayType,
  sessionPosition,
  timeOfDay,
  userType,
} from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { CONTEXT_PAIRS, contextPairs } from './context-pairs.ts';

describe('the built-in context pairs', () => {
  it("hold every value core's built-in features take, and nothing else", () => {
    const values: Record<(typeof BUILT_IN_FEATURES)[number], Set<string>> = {
      timeOfDay: new Set(Array.from({ length: 24 }, (_, h) => timeOfDay(h))),
      dayType: new Set(Array.from({ length: 7 }, (_, d) => dayType(d))),
      sessionPosition: new Set(Array.from({ length: 30 }, (_, n) => sessionPosition(n))),
      userType: new Set(Array.from({ length: 200 }, (_, n) => userType(n))),
    };
    const all = BUILT_IN_FEATURES.flatMap((f) => [...values[f]].map((v) => `${f}=${v}`));
    expect([...CONTEXT_PAIRS].sort()).toEqual(all.sort());
  });

  it('split a key made only of them, and nothing else', () => {
    expect(contextPairs('timeOfDay=evening;dayType=weekday;sessionPosition=early')).toEqual([
      2, 4, 6,
    ]);
    for (const key of [
      '',
      'timeOfDay=dusk',
      'timeOfDay=evening;genre=drama',
      'timeOfDay=evening;',
    ]) {
      expect(contextPairs(key), key).toBeUndefined();
    }
  });
});
