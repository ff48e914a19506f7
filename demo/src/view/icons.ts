import { html, type SVGTemplateResult, svg, type TemplateResult } from 'lit-html';

// Drawn as SVG rather than typed as emoji: a browser without an emoji font (Debian's
// Chromium, the one from npm) shows 👍 and 👎 as empty boxes.
const THUMB =
  'M2 10h4v11H2zM8 21h9.2a2 2 0 0 0 2-1.6l1.3-6.5a2 2 0 0 0-2-2.4H14l.9-4.3a1.8 1.8 0 0 0-3.3-1.3L8 10z';
const STAR = 'M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z';

export type IconName = 'like' | 'dislike' | 'star';

const SHAPES: Record<IconName, SVGTemplateResult> = {
  like: svg`<path d=${THUMB} />`,
  dislike: svg`<path d=${THUMB} transform="rotate(180 12 12)" />`,
  star: svg`<path d=${STAR} />`,
};

/**
 * An inline icon in the text's colour and size. Without a label it is decoration, hidden
 * from assistive technology (the button around it carries the name); with one it is an
 * image of that name.
 */
export function icon(name: IconName, label?: string): TemplateResult {
  return label === undefined
    ? html`<svg class=${`icon ${name}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">${SHAPES[name]}</svg>`
    : html`<svg class=${`icon ${name}`} viewBox="0 0 24 24" role="img" aria-label=${label}>${SHAPES[name]}</svg>`;
}
