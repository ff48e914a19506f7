import type { ClientStatus, SyncStatus } from '@crowdbandit/sdk';
import { html, type TemplateResult } from 'lit-html';

/** Online state, pending batches, last acknowledged seq, priors version; sync and clear controls. */
export function syncPanel(
  status: ClientStatus,
  sync: SyncStatus | null,
  actions: { syncNow(): void; clear(): void },
): TemplateResult {
  const state = sync?.state ?? (status.online ? 'idle' : 'offline');
  const online = status.online && state !== 'offline';
  return html`<aside class="sync" aria-label="Sync status" data-testid="sync">
    <p>
      <span class=${`pill ${online ? 'online' : 'offline'}`} data-testid="online">${online ? 'online' : 'offline'}</span>
      <span>sync: <strong data-testid="sync-state">${state}</strong></span>
      <span>pending batches: <strong data-testid="pending">${status.pendingBatches}</strong></span>
      <span>last acknowledged seq: <strong data-testid="acked">${status.lastAckedSeq}</strong></span>
      <span>priors version: <strong data-testid="priors-version">${status.priorsVersion ?? '–'}</strong></span>
      <span class="muted">engine in ${status.mode === 'worker' ? 'a Web Worker' : 'the page'}, storage ${status.storage}${status.leader ? ', this tab syncs' : ''}</span>
    </p>
    ${sync?.lastError ? html`<p class="muted">last error: ${sync.lastError}</p>` : ''}
    <p class="controls">
      <button @click=${actions.syncNow}>Sync now</button>
      <button @click=${actions.clear}>Clear local data</button>
    </p>
  </aside>`;
}
