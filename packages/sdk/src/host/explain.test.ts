import { betaInterval } from '@crowdbandit/core';
import { describe, expect, it } from 'vitest';
import { hostConfig, startHost } from '../../test/host-harness.ts';

const local = () => hostConfig({ endpoint: null, publishableKey: null });
const films = [{ id: 'm1' }, { id: 'm2' }, { id: 'm3' }];

describe('explanations', () => {
  it('carry alpha and beta, and the 95% interval only when asked for', async () => {
    const { host } = await startHost(local());
    for (let i = 0; i < 4; i++) await host.feedback('feed', 'm1', 'like', {});
    const plain = await host.rank('feed', films, {});
    expect(plain.every((item) => item.explanation.interval === undefined)).toBe(true);
    const explained = await host.rank('feed', films, { explain: true });
    for (const { explanation: e } of explained) {
      expect(e.interval).toEqual(betaInterval(e.alpha, e.beta));
    }
    const choice = await host.choose('strategy', { explain: true });
    for (const arm of choice.arms) expect(arm.interval).toEqual(betaInterval(arm.alpha, arm.beta));
    expect((await host.choose('strategy', {})).arms[0]?.interval).toBeUndefined();
    await host.close();
  });

  it('always come with a posterior', async () => {
    const { host } = await startHost(local());
    await host.feedback('feed', 'm2', 'dislike', {});
    const posterior = await host.posterior('feed', 'm2', undefined);
    expect(posterior.interval).toEqual(betaInterval(posterior.alpha, posterior.beta));
    await host.close();
  });

  it('refuse an explain option that is not a boolean', async () => {
    const { host } = await startHost(local());
    await expect(host.rank('feed', films, { explain: 'yes' as never })).rejects.toMatchObject({
      code: 'invalid_option',
      field: 'explain',
      message: 'explain must be true or false, got "yes"',
    });
    await expect(host.choose('strategy', { explain: 1 as never })).rejects.toMatchObject({
      field: 'explain',
    });
    await host.close();
  });
});
