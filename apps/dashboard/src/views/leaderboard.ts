import type { StatsArm } from '@crowdbandit/protocol';
import { html, nothing, type TemplateResult } from 'lit-html';
import { intervalBar } from '../charts/interval-bar.ts';
import { count, pct } from '../format.ts';
import { armId } from '../history.ts';
import type { TableView } from '../state.ts';
import type { Actions } from './page.ts';

/** Rows shown before "show all". */
export const TOP_N = 20;
const ROW_HEIGHT = 34;
const VIEWPORT_ROWS = 16;
const OVERSCAN = 8;

const SORTS: Record<TableView['sort'], (a: StatsArm, b: StatsArm) => number> = {
  pBest: (a, b) => a.pBest - b.pBest || a.mean - b.mean,
  mean: (a, b) => a.mean - b.mean,
  share: (a, b) => (a.share ?? -1) - (b.share ?? -1),
  evidence: (a, b) => a.s + a.f - (b.s + b.f),
  arm: (a, b) => (a.arm < b.arm ? 1 : a.arm > b.arm ? -1 : 0),
};

/** The arms a view shows, searched and sorted (all of them; the table cuts). */
export function visibleArms(arms: readonly StatsArm[], view: TableView): StatsArm[] {
  const query = view.query.trim().toLowerCase();
  const found = query === '' ? [...arms] : arms.filter((a) => a.arm.toLowerCase().includes(query));
  const order = SORTS[view.sort];
  return found.sort((a, b) => (view.descending ? order(b, a) : order(a, b)));
}

function header(
  decision: string,
  view: TableView,
  actions: Actions,
  key: TableView['sort'],
  label: string,
): TemplateResult {
  const active = view.sort === key;
  const sortState = active ? (view.descending ? 'descending' : 'ascending') : 'none';
  return html`<th scope="col" aria-sort=${sortState}>
    <button class="sort" @click=${() =>
      actions.updateTable(decision, {
        sort: key,
        descending: active ? !view.descending : key !== 'arm',
        scrollTop: 0,
      })}>${label}${active ? (view.descending ? ' ▾' : ' ▴') : ''}</button>
  </th>`;
}

function row(
  decision: string,
  arm: StatsArm,
  rank: number,
  view: TableView,
  actions: Actions,
): TemplateResult {
  const id = armId(arm.context, arm.arm);
  const [lo, hi] = arm.interval;
  return html`<tr class=${view.selected === id ? 'selected' : ''} data-arm=${arm.arm}
      @click=${() => actions.updateTable(decision, { selected: id })}>
    <td class="rank">${rank}</td>
    <td class="arm"><button class="link" title="show its Beta density">${arm.arm}</button></td>
    <td class="num">${pct(arm.mean)}</td>
    <td>${intervalBar(arm.mean, arm.interval, { label: `mean ${pct(arm.mean)}, 95% interval ${pct(lo)} to ${pct(hi)}` })}
      <small class="muted">${pct(lo, 0)}–${pct(hi, 0)}</small></td>
    <td class="num">${pct(arm.pBest)}</td>
    <td class="num">${pct(arm.share)}</td>
    <td class="num">${count(arm.s)}</td><td class="num">${count(arm.f)}</td><td class="num">${count(arm.n)}</td>
  </tr>`;
}

/**
 * The leaderboard: search, sortable columns, the top {@link TOP_N} with "show all", which
 * scrolls through every arm while drawing only the rows in view (a thousand arm keys stay
 * responsive).
 */
export function leaderboard(
  decision: string,
  arms: readonly StatsArm[],
  view: TableView,
  actions: Actions,
): TemplateResult {
  const shown = visibleArms(arms, view);
  const all = view.showAll;
  const first = all ? Math.max(0, Math.floor(view.scrollTop / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = all
    ? Math.min(shown.length, first + VIEWPORT_ROWS + 2 * OVERSCAN)
    : Math.min(shown.length, TOP_N);
  const rows = shown.slice(first, last);
  const table = html`<table class="leaderboard" data-testid="leaderboard">
    <thead><tr>
      <th scope="col">#</th>
      ${header(decision, view, actions, 'arm', 'arm')}
      ${header(decision, view, actions, 'mean', 'mean')}
      <th scope="col">95% interval</th>
      ${header(decision, view, actions, 'pBest', 'P(best)')}
      ${header(decision, view, actions, 'share', 'share')}
      ${header(decision, view, actions, 'evidence', 's')}
      <th scope="col">f</th><th scope="col">n</th>
    </tr></thead>
    <tbody>
      ${first > 0 ? html`<tr class="spacer" style=${`height:${first * ROW_HEIGHT}px`}></tr>` : nothing}
      ${rows.map((a, i) => row(decision, a, first + i + 1, view, actions))}
      ${all && last < shown.length ? html`<tr class="spacer" style=${`height:${(shown.length - last) * ROW_HEIGHT}px`}></tr>` : nothing}
    </tbody>
  </table>`;
  return html`<div class="table-tools">
      <input type="search" placeholder="Search arms" aria-label="Search arms" data-testid="search"
        .value=${view.query}
        @input=${(e: InputEvent) => actions.updateTable(decision, { query: (e.target as HTMLInputElement).value, scrollTop: 0 })} />
      <span class="muted" data-testid="arm-count">${shown.length === arms.length ? `${count(arms.length)} arm keys` : `${count(shown.length)} of ${count(arms.length)} arm keys`}</span>
      ${
        shown.length > TOP_N
          ? html`<button class="quiet" data-testid="show-all" @click=${() => actions.updateTable(decision, { showAll: !all, scrollTop: 0 })}>
            ${all ? `Top ${TOP_N} only` : `Show all ${count(shown.length)}`}</button>`
          : nothing
      }
    </div>
    ${
      all
        ? html`<div class="scroller" style=${`height:${VIEWPORT_ROWS * ROW_HEIGHT + 40}px`} data-testid="scroller"
            @scroll=${(e: Event) => actions.updateTable(decision, { scrollTop: (e.target as HTMLElement).scrollTop })}>${table}</div>`
        : table
    }`;
}
