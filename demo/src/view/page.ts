import { html, nothing, type TemplateResult } from 'lit-html';
import type { DemoApp } from '../app.ts';
import { STRATEGY_LABELS } from '../decisions.ts';
import { card } from './card.ts';
import { votes } from './format.ts';
import { icon } from './icons.ts';
import { syncPanel } from './sync-panel.ts';
import { whyRanked, whyStrategy } from './why.ts';

function detail(app: DemoApp): TemplateResult | typeof nothing {
  const open = app.state.detail;
  if (open === null) return nothing;
  const { film } = open;
  return html`<dialog open class="detail" aria-labelledby="detail-title" @keydown=${(
    e: KeyboardEvent,
  ) => {
    if (e.key === 'Escape') void app.close();
  }}>
    <h2 id="detail-title">${film.title} ${film.year ? html`<span class="year">${film.year}</span>` : nothing}</h2>
    <dl>
      <dt>Genre</dt><dd>${film.genre ?? '–'}</dd>
      <dt>Creative type</dt><dd>${film.creativeType ?? '–'}</dd>
      <dt>Director</dt><dd>${film.director ?? '–'}</dd>
      <dt>Rated</dt><dd>${film.mpaa ?? '–'}</dd>
      <dt>IMDB</dt><dd>${film.imdbRating?.toFixed(1) ?? '–'} from ${votes(film.imdbVotes)} votes</dd>
    </dl>
    <p class="muted">Time spent here counts as dwell feedback when you close this.</p>
    <button autofocus @click=${() => void app.close()}>Close</button>
  </dialog>`;
}

/** The whole demo page. */
export function page(app: DemoApp): TemplateResult {
  const s = app.state;
  const chosen = new Map(s.strategies?.arms.map((a) => [a.id, a]) ?? []);
  return html`
    <header class="top">
      <h1>crowdbandit <span>films that learn what you like</span></h1>
      <p class="lede">Every ranking is made in your browser by Thompson sampling. ${icon('like', 'More like this')} and ${icon('dislike', 'Less of this')} re-rank the page at once;
        only anonymous counts go to the edge, and the crowd's taste comes back as a head start for new visitors.</p>
      ${syncPanel(s.status, s.sync, { syncNow: () => void app.syncNow(), clear: () => void app.clearLocalData() })}
    </header>
    <p class="sr-only" aria-live="polite" data-testid="announcement">${s.announcement}</p>
    <main>
      <section aria-labelledby="row-title" class="row">
        <h2 id="row-title">Picked for you now
          <small>${s.strategies?.arms.map((a) => `${STRATEGY_LABELS[a.id as keyof typeof STRATEGY_LABELS]} ${Math.round(a.weight * 100)}%`).join(' · ')}</small></h2>
        <div class="cards" data-testid="strategy-row">
          ${s.row.map(({ film, strategy }, i) =>
            card(
              film,
              {
                like: () => void app.react(film.id, 'like', strategy),
                dislike: () => void app.react(film.id, 'dislike', strategy),
                open: () => void app.open(film.id),
                toggleWhy: () => app.toggleWhy(`row-${film.id}`),
              },
              s.openWhy.has(`row-${film.id}`)
                ? whyStrategy(film.id, STRATEGY_LABELS[strategy], chosen.get(strategy))
                : null,
              STRATEGY_LABELS[strategy],
              i,
            ),
          )}
        </div>
      </section>
      <div class="columns">
        <section aria-labelledby="feed-title" class="feed">
          <h2 id="feed-title">Your feed</h2>
          <div class="cards" data-testid="feed">
            ${s.feed.map((item, i) => {
              const film = app.byId.get(item.id)!;
              return card(
                film,
                {
                  like: () => void app.react(film.id, 'like'),
                  dislike: () => void app.react(film.id, 'dislike'),
                  open: () => void app.open(film.id),
                  toggleWhy: () => app.toggleWhy(film.id),
                },
                s.openWhy.has(film.id) ? whyRanked(film.id, item.explanation) : null,
                null,
                i,
              );
            })}
          </div>
        </section>
        <aside aria-labelledby="crowd-title" class="crowd" data-testid="community">
          <h2 id="crowd-title">The crowd's favourites</h2>
          ${s.communityError ? html`<p class="muted">The edge is out of reach (${s.communityError}); your feed keeps learning offline.</p>` : nothing}
          ${s.community.length === 0 && !s.communityError ? html`<p class="muted">Nobody has liked anything yet.</p>` : nothing}
          <ol>${s.community.map(
            (f) => html`<li data-film-id=${f.film.id}>${f.film.title}
            <span class="muted">${Math.round(f.likes)} ${icon('like', 'likes')} · ${Math.round(f.dislikes * 10) / 10} ${icon('dislike', 'dislikes')}</span></li>`,
          )}</ol>
          <p class="muted">From the edge's community priors; your own likes count once, however often you sync.</p>
        </aside>
      </div>
    </main>
    ${detail(app)}
    <footer><p class="muted">Film data: vega-datasets <code>movies.json</code> (IMDB ratings and votes). Try
      <code>crowdbanditDemo.client.status()</code> in the console.</p></footer>`;
}
