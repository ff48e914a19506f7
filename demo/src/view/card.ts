import { html, nothing, type TemplateResult } from 'lit-html';
import type { Film } from '../films.ts';
import { votes } from './format.ts';
import { icon } from './icons.ts';

/** What a card can do. */
export interface CardActions {
  like(): void;
  dislike(): void;
  open(): void;
  toggleWhy(): void;
}

/** A film card with its feedback buttons and, when open, its "why this?" panel. */
export function card(
  film: Film,
  actions: CardActions,
  why: TemplateResult | null,
  badge: string | null,
  position: number,
): TemplateResult {
  const whyOpen = why !== null;
  return html`<article class="card" data-film-id=${film.id} data-position=${position}>
    <h3>
      <button class="title" @click=${actions.open} aria-label=${`Details of ${film.title}`}>${film.title}</button>
      ${film.year ? html`<span class="year">${film.year}</span>` : nothing}
    </h3>
    <p class="meta">
      ${[film.genre, film.director, film.mpaa].filter(Boolean).join(' · ')}
      ${film.imdbRating === null ? nothing : html`<span class="rating">${icon('star', 'IMDB rating')} ${film.imdbRating.toFixed(1)} <span class="muted">(${votes(film.imdbVotes)} votes)</span></span>`}
    </p>
    ${badge ? html`<p class="badge">via ${badge}</p>` : nothing}
    <div class="actions">
      <button class="like" @click=${actions.like} aria-label=${`More like this: ${film.title}`}>More like this ${icon('like')}</button>
      <button class="dislike" @click=${actions.dislike} aria-label=${`Less of this: ${film.title}`}>Less of this ${icon('dislike')}</button>
      <button class="why-toggle" @click=${actions.toggleWhy} aria-expanded=${whyOpen ? 'true' : 'false'}
        aria-controls=${`why-${film.id}`}>Why this?</button>
    </div>
    ${why ?? nothing}
  </article>`;
}
