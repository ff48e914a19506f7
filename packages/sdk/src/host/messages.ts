// Internal: the messages between the client on the main thread and the engine host (in a
// Web Worker, or in-thread behind a MessageChannel). Everything is structured-clone data;
// the host's listener and the page's fetch, which cannot be posted, become messages too.
import { CrowdbanditError, type CrowdbanditErrorCode, isCrowdbanditError } from '@crowdbandit/core';
import type {
  BridgedRequest,
  BridgedResponse,
  HostApi,
  HostConfig,
  HostEvent,
  HostStatus,
} from './host-api.ts';

/** What messages travel over: a Worker, a worker's global scope or a MessagePort. */
export interface Port {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** A MessagePort delivers nothing to its listeners before this. */
  start?(): void;
}

/** The host's methods besides `init`, called by name. */
export type HostMethod = Exclude<keyof HostApi, 'init'>;

/**
 * An error as it crosses, as plain data: a CrowdbanditError keeps its code and field (posting
 * an Error itself would keep its message at best).
 */
export interface ErrorData {
  readonly name: string;
  readonly message: string;
  readonly code?: CrowdbanditErrorCode;
  readonly field?: string | undefined;
}

/** Client to host. */
export type ToHost =
  /** Starts the host; `bridged`: the app passed its own fetch (see PageFetch.all). */
  | {
      readonly type: 'init';
      readonly id: number;
      readonly config: HostConfig;
      readonly bridged: boolean;
    }
  | {
      readonly type: 'call';
      readonly id: number;
      readonly method: HostMethod;
      readonly args: readonly unknown[];
    }
  /** The answer to a `fetch` message. */
  | { readonly type: 'fetched'; readonly id: number; readonly response: BridgedResponse }
  | { readonly type: 'fetch-failed'; readonly id: number; readonly error: ErrorData };

/** Host to client. */
export type FromHost =
  | { readonly type: 'return'; readonly id: number; readonly value: unknown }
  | { readonly type: 'throw'; readonly id: number; readonly error: ErrorData }
  /** An event for the client's listeners (or none), with the status after it. */
  | { readonly type: 'report'; readonly event: HostEvent | null; readonly status: HostStatus }
  /** A request for the client's fetch. */
  | {
      readonly type: 'fetch';
      readonly id: number;
      readonly url: string;
      readonly init: BridgedRequest;
    };

/** An error as data, for a message. */
export function errorData(error: unknown): ErrorData {
  if (isCrowdbanditError(error)) {
    const { name, message, code, field } = error;
    return { name, message, code, field };
  }
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

/** The error again, on the other side: a CrowdbanditError is one again. */
export function fromErrorData({ name, message, code, field }: ErrorData): Error {
  return code === undefined
    ? Object.assign(new Error(message), { name })
    : new CrowdbanditError(code, message, field);
}
