// The SDK's size budgets, checked on every run: bytes are a feature of a browser SDK, and
// the worker has only a few bytes to spare. The build is the benchmark's (a production Vite
// build of an app using the whole API); sizes are deterministic for a given lockfile.
import { describe, expect, it } from 'vitest';
import { measureBundles } from '../../packages/sdk/bench/bundle-size.ts';
import { TARGETS } from '../../packages/sdk/bench/sdk.ts';

describe('bundle budgets', () => {
  it("keeps the main thread's own code within 5,632 B with comlink, and what the worker loads before it answers within its 15,808 B target", async () => {
    const sizes = await measureBundles();
    // The configuration checks run on the page; the worker builds its engine without them.
    const checks = /option-checks|check-(decision|rewards|session)/;
    expect(sizes.worker.modules.filter((m) => checks.test(m))).toEqual([]);
    expect(sizes.mainOwnCode.modules).toContain('core/src/check-decision.ts');
    expect(sizes.worker.brotli).toBeLessThanOrEqual(TARGETS.workerBrotli);
    expect(sizes.mainOwnCode.brotli).toBeLessThanOrEqual(TARGETS.mainBrotli);
    // comlink carries the calls on both sides, and the in-thread host takes the page's copy.
    expect(sizes.mainOwnCode.byPackage.comlink).toBeGreaterThan(0);
    expect(sizes.worker.byPackage.comlink).toBeGreaterThan(0);
    expect(Object.keys(sizes.inThreadHost.byPackage)).not.toContain('comlink');
    // The builds that tell comlink's share stub it out on both sides.
    expect(Object.keys(sizes.mainOwnCodeWithoutComlink.byPackage)).not.toContain('comlink');
    expect(Object.keys(sizes.workerWithoutComlink.byPackage)).not.toContain('comlink');
    // In a Vite app, the preload helper for the lazily loaded in-thread host comes on top.
    expect(sizes.main.byPackage['vite preload helper']).toBeGreaterThan(1000);
    expect(sizes.main.brotli - sizes.mainOwnCode.brotli).toBeLessThan(700);
    // What waits stays out of the worker's entry: sync code, protocol, interval math, memory store.
    expect(Object.keys(sizes.worker.byPackage)).not.toContain('@crowdbandit/protocol');
    expect(sizes.workerSync.byPackage['@crowdbandit/protocol']).toBeGreaterThan(0);
    expect(sizes.workerIntervals.brotli).toBeGreaterThan(0);
    expect(sizes.workerMemoryStore.brotli).toBeGreaterThan(0);
  }, 120_000);
});
