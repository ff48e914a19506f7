// Internal: the client's identity and counters in `meta`, and wiping everything.
import { SCHEMA_VERSION } from './migrations.ts';
import { STORE_NAMES, type Store } from './store.ts';

/**
 * The stored client id, creating one (and recording the schema version) on first use.
 */
export function ensureClientId(store: Store, newClientId: () => string): Promise<string> {
  return store.run(['meta'], 'readwrite', async (tx) => {
    const existing = await tx.get<string>('meta', 'clientId');
    if (existing !== undefined) return existing;
    const id = newClientId();
    tx.put('meta', 'clientId', id);
    tx.put('meta', 'schemaVersion', SCHEMA_VERSION);
    return id;
  });
}

/** Deletes everything: evidence, outbox, priors, session and meta. */
export function wipe(store: Store): Promise<void> {
  return store.run(STORE_NAMES, 'readwrite', async (tx) => {
    for (const name of STORE_NAMES) tx.clear(name);
  });
}
