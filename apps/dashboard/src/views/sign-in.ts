import { html, nothing, type TemplateResult } from 'lit-html';
import type { State } from '../state.ts';
import type { Actions } from './page.ts';

// Suggestions for the local stack of `npm start`; the token is never prefilled.
const DEFAULT_EDGE = import.meta.env.VITE_EDGE_URL ?? 'http://127.0.0.1:8787';

function submit(event: SubmitEvent, actions: Actions): void {
  event.preventDefault();
  const data = new FormData(event.currentTarget as HTMLFormElement);
  const field = (name: string) => String(data.get(name) ?? '');
  void actions.signIn({
    edgeUrl: field('edgeUrl'),
    app: field('app'),
    token: field('token'),
    publishableKey: field('publishableKey'),
  });
}

/** The sign-in form: edge, app, admin token (kept in this tab's sessionStorage) and publishable key. */
export function signInPage(state: State, actions: Actions): TemplateResult {
  const { message, busy, notice } = state.signIn;
  return html`<section class="sign-in" aria-labelledby="sign-in-title">
    <h1>crowdbandit <span>ops</span></h1>
    <h2 id="sign-in-title">Sign in</h2>
    ${notice ? html`<p class="notice" data-testid="sign-in-notice">${notice}</p>` : nothing}
    ${message ? html`<p class="error" role="alert" data-testid="sign-in-error">${message}</p>` : nothing}
    <form @submit=${(e: SubmitEvent) => submit(e, actions)} data-testid="sign-in">
      <label>Edge URL <input name="edgeUrl" type="url" required value=${DEFAULT_EDGE} autocomplete="url" /></label>
      <label>App <input name="app" required value="demo" autocomplete="off" /></label>
      <label>Admin token <input name="token" type="password" required autocomplete="current-password" /></label>
      <label>Publishable key <input name="publishableKey" required value="pk_demo_local" autocomplete="off" />
        <small>Public. Reads the priors (κ), the experiments and live updates.</small></label>
      <button type="submit" ?disabled=${busy}>${busy ? 'Checking…' : 'Sign in'}</button>
    </form>
    <p class="hint">The token stays in this tab (sessionStorage) and travels only in the
      <code>Authorization</code> header. Locally, <code>npm start</code> prints it.</p>
  </section>`;
}
