// Internal: messages between the tabs of one app that share its database.
import type { SyncStatus } from '../client-types.ts';

/** What one tab tells the others. */
export type TabMessage =
  /** Stored evidence of these arm keys changed: re-read them. */
  | { readonly type: 'evidence'; readonly keys: readonly string[] }
  /** A new priors snapshot is stored. */
  | { readonly type: 'priors'; readonly version: number }
  /** The leader's sync status, so every tab reports the same. */
  | { readonly type: 'sync'; readonly status: SyncStatus; readonly online: boolean }
  /** A new experiments snapshot is stored; `policy`: one switches a decision's policy. */
  | { readonly type: 'experiments'; readonly policy: boolean }
  /** A follower asks the leader to flush now. */
  | { readonly type: 'flush' }
  /** Local data was wiped: start fresh. */
  | { readonly type: 'cleared' };

export interface TabChannel {
  post(message: TabMessage): void;
  close(): void;
}

/**
 * Opens the channel `crowdbandit:<appId>`; a no-op channel where BroadcastChannel is missing.
 *
 * @example
 * const channel = openTabChannel('demo', (message) => console.log(message.type));
 */
export function openTabChannel(
  appId: string,
  onMessage: (message: TabMessage) => void,
): TabChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, close() {} };
  const channel = new BroadcastChannel(`crowdbandit:${appId}`);
  channel.onmessage = (event: MessageEvent<TabMessage>) => onMessage(event.data);
  return {
    post: (message) => channel.postMessage(message),
    close: () => channel.close(),
  };
}
