import { describe, expect, it } from 'vitest';
import { figure, percent, table, withInterval } from './format.ts';

describe('format', () => {
  it('aligns text left and numbers right under a rule', () => {
    expect(
      table([
        ['policy', 'regret'],
        ['thompson', '336.3'],
        ['ucb1', '2,580'],
      ]),
    ).toBe(
      ['policy    regret', '--------  ------', 'thompson   336.3', 'ucb1       2,580'].join('\n'),
    );
  });

  it('rounds to significant figures with separators', () => {
    expect(figure(1_234_567.8)).toBe('1,234,568');
    expect(figure(0.0123456)).toBe('0.0123');
    expect(figure(44.6891, 4)).toBe('44.69');
    expect(withInterval({ value: 1.034, low: 0.951, high: 1.112 })).toBe('1.03 [0.951, 1.11]');
    expect(percent(0.0046)).toBe('0.46%');
  });
});
