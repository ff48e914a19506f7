import { html, type TemplateResult } from 'lit-html';
import type { PendingConfirm } from '../state.ts';
import type { Actions } from './page.ts';

/** A modal asking to confirm an action that changes what users get. */
export function confirmDialog(pending: PendingConfirm, actions: Actions): TemplateResult {
  return html`<div class="overlay" @keydown=${(e: KeyboardEvent) => e.key === 'Escape' && actions.cancelConfirm()}>
    <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="confirm-title"
      aria-describedby="confirm-body" data-testid="confirm">
      <h2 id="confirm-title">${pending.title}?</h2>
      <p id="confirm-body">${pending.body}</p>
      <div class="buttons">
        <button class="quiet" @click=${() => actions.cancelConfirm()}>Cancel</button>
        <button class="danger" data-testid="confirm-yes" @click=${() => void actions.confirm()}>${pending.confirmLabel}</button>
      </div>
    </div>
  </div>`;
}
