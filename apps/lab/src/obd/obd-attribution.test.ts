import { describe, expect, it } from 'vitest';
import { attributionLines, obdAttribution } from './obd-attribution.ts';

describe('obdAttribution', () => {
  it('names the campaign and item count it is given, then cites the dataset', () => {
    const text = obdAttribution('women', 46);
    expect(text).toMatch(/^Open Bandit Dataset, "Women" campaign sample, 46 items: Saito, Aihara/);
    expect(text).toContain('arXiv:2008.07146');
    expect(text).toContain('Apache License 2.0');
  });
});

describe('attributionLines', () => {
  it('wraps the text at word boundaries without losing a word', () => {
    const text = obdAttribution('men', 34);
    const lines = attributionLines(text, 60);
    expect(lines.every((line) => line.length <= 60)).toBe(true);
    expect(lines.join(' ')).toBe(text);
  });
});
