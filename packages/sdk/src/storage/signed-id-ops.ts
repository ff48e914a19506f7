// Internal: the edge's signature of this client's id, kept in `meta` as `signedClientId`
// (read and written by the sync code only, so it stays out of the worker's entry).
import { CLIENT_SIGNATURE_LENGTH } from '@crowdbandit/protocol/client';
import type { Store } from './store.ts';

/**
 * True when `signed` is `own` with a signature appended.
 *
 * @example
 * signs('q3Vd0m_Zt8uJkP2xW1n6HqZ0c9LrT4aE', 'q3Vd0m_Zt8uJkP2x'); // true
 */
export function signs(signed: string, own: string): boolean {
  return signed.length === own.length + CLIENT_SIGNATURE_LENGTH && signed.startsWith(own);
}

/** The stored signed id when it signs `own`; undefined when none does. */
export function readSignedId(store: Store, own: string): Promise<string | undefined> {
  return store.run(['meta'], 'readonly', async (tx) => {
    const signed = await tx.get<string>('meta', 'signedClientId');
    return signed !== undefined && signs(signed, own) ? signed : undefined;
  });
}

/** Stores a signed id, replacing the one before. */
export function storeSignedId(store: Store, signed: string): Promise<void> {
  return store.run(['meta'], 'readwrite', async (tx) => {
    tx.put('meta', 'signedClientId', signed);
  });
}

/** Forgets `signed` (the edge refused it), unless another signed id has replaced it. */
export function forgetSignedId(store: Store, signed: string): Promise<void> {
  return store.run(['meta'], 'readwrite', async (tx) => {
    if ((await tx.get<string>('meta', 'signedClientId')) === signed) {
      tx.delete('meta', 'signedClientId');
    }
  });
}
