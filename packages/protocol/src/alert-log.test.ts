import { describe, expect, it } from 'vitest';
import { AlertLogSchema } from './alert-log.ts';

const alert = {
  kind: 'dominant-arm',
  decision: 'strategy',
  context: '',
  arm: 'popular',
  value: 0.82,
  threshold: 0.7,
  message: 'popular takes 82% of selections in strategy',
  startedAt: 1_763_800_000_000,
  endedAt: null,
};

describe('AlertLogSchema', () => {
  it('takes open and ended alerts', () => {
    const log = AlertLogSchema.parse({
      app: 'movies',
      generatedAt: 1_763_800_100_000,
      since: 1_763_000_000_000,
      alerts: [alert, { ...alert, endedAt: 1_763_800_050_000 }],
    });
    expect(log.alerts.map((a) => a.endedAt)).toEqual([null, 1_763_800_050_000]);
  });

  it('needs a start, an end or null, and a known kind', () => {
    const base = { app: 'movies', generatedAt: 1, since: 0 };
    const { startedAt: _, ...noStart } = alert;
    const { endedAt: __, ...noEnd } = alert;
    for (const bad of [noStart, noEnd, { ...alert, kind: 'loud' }, { ...alert, endedAt: -1 }]) {
      expect(AlertLogSchema.safeParse({ ...base, alerts: [bad] }).success).toBe(false);
    }
  });
});
