import { describe, expect, it } from 'vitest';
import { appsOf } from '../src/config.ts';

const app = { publishableKey: 'pk_config_test' };

describe('the APPS var', () => {
  it('fills in the crowd defaults: one bounded vote per client, κ, signed ids', () => {
    const config = appsOf({ APPS: JSON.stringify({ a: app }) }).get('a')!;
    expect(config).toMatchObject({
      maxWeightPerClient: 8,
      maxImpressionsPerClient: 100,
      kappa: {
        floor: 2,
        ceiling: 10_000,
        fallback: 100,
        minClients: 50,
        minClientsPerArm: 200,
        minClientWeight: 10,
      },
      identity: { issuePerAddress: 4, issueWindowMs: 3_600_000, unsignedIds: 'known' },
      alerts: { shiftPoints: 2 },
    });
  });

  it('refuses the per-window caps of earlier versions, naming what replaced them', () => {
    expect(() =>
      appsOf({ APPS: JSON.stringify({ b: { ...app, caps: { weightPerArm: 100 } } }) }),
    ).toThrow(/b\.caps: .*replaced by maxWeightPerClient/);
  });

  it('refuses a bound that is not positive, naming the field', () => {
    expect(() =>
      appsOf({ APPS: JSON.stringify({ c: { ...app, maxWeightPerClient: 0 } }) }),
    ).toThrow(/c\.maxWeightPerClient/);
  });
});
