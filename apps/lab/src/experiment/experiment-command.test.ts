import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../cli.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

function capture() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args) => void out.push(args.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...args) => void out.push(args.join(' ')));
  return out;
}

describe('lab experiment --quick, in process', () => {
  it('shows peeking inflating the naive test, not the confidence sequence, and catches the SRM', async () => {
    const out = capture();
    const dir = mkdtempSync(join(tmpdir(), 'lab-experiment-'));
    const args = ['--quick', '--in-process', '--runs', '60', '--ab-horizon', '20000', '--out', dir];
    expect(await main(['experiment', ...args])).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'experiment.json'), 'utf8'));

    const aa = json.aa_false_positive_rate;
    expect(aa.runs).toBe(60);
    expect(aa.value).toBeLessThanOrEqual(0.05);
    // Peeked at 100 times, the fixed-horizon test rejects a true null in a large share of runs.
    expect(aa.naive_value).toBeGreaterThan(0.15);
    expect(aa.naive_value).toBeGreaterThan(aa.value);
    expect(aa.naive_ci[0]).toBeGreaterThan(aa.ci[1] - 0.1);
    expect(aa.by_look.naive.at(-1)).toBe(aa.naive_value);

    const srm = json.srm_detection_rate;
    expect(srm.runs).toBe(60);
    expect(srm.value).toBeGreaterThanOrEqual(0.9);
    expect(srm.median_users_to_detection.value).toBeLessThan(10_000);

    const ab = json.ab_median_users_to_correct_stop;
    // A +10% lift: the interval rule alone never ships the control.
    expect(ab.interval_rule_alone.wrong_stop_rate.count).toBe(0);
    expect(ab.value).toBeGreaterThan(0);
    expect(ab.ci[0]).toBeLessThanOrEqual(ab.value);

    const text = out.join('\n');
    expect(text).toContain("core's hashToUnit (v2), bucketRanges and chooseVariation");
    expect(text).toContain('fixed-horizon z-test p < 0.05 (naive)');
    expect(readFileSync(join(dir, 'charts/experiment-peeking.svg'), 'utf8')).toContain('<svg');
  }, 60_000);

  it('refuses options out of range with a pointer to the help', async () => {
    const out = capture();
    expect(await main(['experiment', '--rate', '1.5'])).toBe(2);
    expect(await main(['experiment', '--runs', '0'])).toBe(2);
    expect(await main(['experiment', '--rate', '0.95', '--lift', '0.1'])).toBe(2);
    expect(await main(['experiment', '--peek'])).toBe(2);
    const text = out.join('\n');
    expect(text).toContain('--rate must be a number between 0 and 1, got "1.5"');
    expect(text).toContain('--runs must be a positive integer, got "0"');
    expect(text).toContain('gives the variant a rate ≥ 1');
    expect(text).toContain('npm run lab -- experiment --help');
  });
});
