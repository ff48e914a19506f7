// The SDK's size budgets, checked on every run: bytes are a feature of a browser SDK, and
// the worker has only a few bytes to spare. The build is the benchmark's (a production Vite
// build of an app using the whole API); sizes are deterministic for a given lockfile.
import { describe, expect, it } from 'vitest';
import { measureBundles } from '../../packages/sdk/bench/bundle-size.ts';
import { TARGETS } from '../../packages/sdk/bench/sdk.ts';

describe('bundle budgets', () => {
  // The worker's target was 15,808 B until experiments (issue 14): 16,384 B since, 576 B more
  // for the baseline policy in core's engine and the host's hooks into the lazy experiment
  // code (measured 16,374 B; see TARGETS in packages/sdk/bench/sdk.ts).
  it("keeps the main thread's own code within 5,632 B with comlink, and what the worker loads before it answers within its 16,384 B target", async () => {
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
    // Assignment, exposures and conversions wait for the first assign or track.
    const experimentCode = /sdk\/src\/host\/(experiments|assignment)\.ts|core\/src\/experiments\//;
    expect(sizes.worker.modules.filter((m) => experimentCode.test(m))).toEqual([]);
    expect(sizes.workerExperiments.modules).toContain('sdk/src/host/experiments.ts');
    expect(sizes.workerExperiments.modules).toContain('core/src/experiments/hash-to-unit.ts');
    expect(Object.keys(sizes.workerExperiments.byPackage)).not.toContain('zod');
  }, 120_000);
});
