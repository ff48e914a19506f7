import { html, nothing, type TemplateResult } from 'lit-html';
import { count, when } from '../format.ts';
import type { History } from '../history.ts';

/**
 * What the history holds for one arm: its latest point and the change since the first one
 * shown, so a new like is visible in the history itself, not only in the current stats.
 */
export function armHistory(history: History | undefined, id: string): TemplateResult {
  const points = history?.arms.get(id)?.points ?? [];
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) {
    return html`<p class="muted small" data-testid="arm-history">No history for this arm yet.</p>`;
  }
  const delta = (a: number, b: number) => `${b - a >= 0 ? '+' : ''}${count(+(b - a).toFixed(3))}`;
  return html`<p class="small" data-testid="arm-history">
    History: latest point ${when(last.t)}: <strong>${count(last.s)} successes</strong>, ${count(last.f)} failures,
    ${count(last.n)} impressions${
      points.length > 1
        ? html`; since ${when(first.t)} ${delta(first.s, last.s)} successes, ${delta(first.f, last.f)} failures`
        : nothing
    } (${points.length} point${points.length === 1 ? '' : 's'}, ${history?.source === 'edge' ? `the edge's ${history.step} buckets` : 'recorded by this tab'}).
  </p>`;
}
