// Internal: comlink, set up alike on both sides of the page ⇄ host boundary. A thrown
// CrowdbanditError keeps its code and field (comlink alone rebuilds every error as a plain
// Error, which isCrowdbanditError refuses), and the functions the page passed as proxies are
// let go when the host stops, so that no port of theirs stays open.
import { CrowdbanditError, type CrowdbanditErrorCode, isCrowdbanditError } from '@crowdbandit/core';
import { releaseProxy, type TransferHandler, transferHandlers } from 'comlink';

/** What comlink's handler of thrown values takes: `value` is what was thrown. */
interface Thrown {
  readonly value: unknown;
}

/** What it posts (`value`: name, message and stack of an Error), with a CrowdbanditError's code and field. */
interface ThrownData {
  readonly value: { readonly message?: string };
  readonly code?: CrowdbanditErrorCode;
  readonly field?: string | undefined;
}

let installed = false;

/**
 * Has comlink carry a thrown CrowdbanditError as one; anything else thrown crosses as comlink
 * carries it. Both sides call it before they wrap or expose; it is installed once per realm.
 *
 * @example
 * keepCrowdbanditErrors();
 * const host = wrap<HostApi>(worker); // host.rank('nope', …) rejects with a CrowdbanditError
 */
export function keepCrowdbanditErrors(): void {
  if (installed) return;
  installed = true;
  // comlink's own handler, which ours extends.
  const own = transferHandlers.get('throw') as TransferHandler<Thrown, ThrownData>;
  transferHandlers.set('throw', {
    canHandle: own.canHandle,
    serialize(thrown: Thrown) {
      const [data, transfer] = own.serialize(thrown);
      const error = thrown.value;
      return [
        isCrowdbanditError(error) ? { ...data, code: error.code, field: error.field } : data,
        transfer,
      ];
    },
    deserialize(data: ThrownData) {
      if (data.code === undefined) return own.deserialize(data);
      throw new CrowdbanditError(data.code, data.value.message ?? '', data.field);
    },
  } as TransferHandler<unknown, unknown>);
}

/**
 * Lets go of a function the page passed as a proxy, which closes its port (for a plain
 * function, as tests pass, there is nothing to do). Once per proxy: a released one throws.
 *
 * @example
 * letGo(listener); // in the host, when it closes
 */
export function letGo(remote: unknown): void {
  (remote as { [releaseProxy]?: () => void } | undefined)?.[releaseProxy]?.();
}
