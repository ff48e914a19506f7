import { describe, expect, it } from 'vitest';
import { listOf, positiveInt, range, shape } from './option-checks.ts';

function messageOf(fn: () => void): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return undefined;
}

describe('shape', () => {
  const point = shape({ x: range(0, 1), y: range(0, 1) }, ['x']);

  it('checks the fields that are there and the required ones', () => {
    expect(messageOf(() => point({ x: 0.5 }, 'p'))).toBeUndefined();
    expect(messageOf(() => point({ y: 0.5 }, 'p'))).toBe(
      'p.x: must be a number in [0, 1], got undefined',
    );
    expect(messageOf(() => point({ x: 0, y: 2 }, 'p'))).toBe(
      'p.y: must be a number in [0, 1], got 2',
    );
  });

  it('refuses keys it does not list, also those every object inherits', () => {
    expect(messageOf(() => point({ x: 0, toString: 1 }, 'p'))).toBe(
      'p.toString: unknown option (known: x, y)',
    );
  });

  it('names top-level fields without a prefix and refuses what is no object', () => {
    expect(messageOf(() => point({ x: -1 }, ''))).toBe('x: must be a number in [0, 1], got -1');
    expect(messageOf(() => point([], ''))).toBe('options: must be an object, got an array of 0');
    expect(messageOf(() => point(null, 'p'))).toBe('p: must be an object, got null');
  });
});

describe('listOf', () => {
  const list = listOf(positiveInt, 1, 3);

  it('checks the length, every item and repeats', () => {
    expect(messageOf(() => list([1, 2, 3], 'l'))).toBeUndefined();
    expect(messageOf(() => list([1, 2, 3, 4], 'l'))).toBe(
      'l: must be an array of 1–3 items, got an array of 4',
    );
    expect(messageOf(() => list([1, 0], 'l'))).toBe('l[1]: must be a positive integer, got 0');
    expect(messageOf(() => list([2, 2], 'l'))).toBe('l: must not repeat 2');
  });
});
