import { describe, expect, it } from 'vitest';
import { compareKeys, memoryStore } from './memory-store.ts';

describe('memoryStore', () => {
  it('orders keys as IndexedDB does: numbers first, then strings', () => {
    expect([10, 'b', 2, 'a'].sort(compareKeys)).toEqual([2, 10, 'a', 'b']);
  });

  it('returns entries in key order and the first entry', async () => {
    const store = memoryStore();
    await store.run(['outbox'], 'readwrite', async (tx) => {
      tx.put('outbox', 3, 'c');
      tx.put('outbox', 1, 'a');
      tx.put('outbox', 2, 'b');
    });
    const [entries, first] = await store.run(['outbox'], 'readonly', (tx) =>
      Promise.all([tx.entries('outbox'), tx.first('outbox')]),
    );
    expect(entries).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
    ]);
    expect(first).toEqual([1, 'a']);
  });

  it('leaves the data as it was when a read-write transaction fails', async () => {
    const store = memoryStore();
    await store.run(['meta'], 'readwrite', async (tx) => tx.put('meta', 'nextSeq', 1));
    await expect(
      store.run(['meta'], 'readwrite', async (tx) => {
        tx.put('meta', 'nextSeq', 2);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await store.run(['meta'], 'readonly', (tx) => tx.get('meta', 'nextSeq'))).toBe(1);
  });

  it('refuses stores outside the transaction and writes in a read-only one, as IndexedDB does', async () => {
    const store = memoryStore();
    await expect(store.run(['meta'], 'readonly', (tx) => tx.get('outbox', 1))).rejects.toThrow(
      'store outbox is not in this transaction',
    );
    await expect(
      store.run(['meta'], 'readonly', async (tx) => tx.put('meta', 'x', 1)),
    ).rejects.toThrow('a readonly transaction cannot write');
  });

  it('hands out copies, so callers cannot change stored values', async () => {
    const store = memoryStore();
    const value = { s: 1 };
    await store.run(['evidence'], 'readwrite', async (tx) => tx.put('evidence', 'k', value));
    value.s = 99;
    const read = await store.run(['evidence'], 'readonly', (tx) =>
      tx.get<{ s: number }>('evidence', 'k'),
    );
    expect(read).toEqual({ s: 1 });
  });
});
