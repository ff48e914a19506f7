import { html, svg, type TemplateResult } from 'lit-html';

const W = 160;
const H = 14;

/**
 * A 95% interval on [lo, hi] as an SVG bar, with a tick at the mean. `domain` maps values
 * to the bar's width (0 to 1 for rates; symmetric around 0 for uplifts, with a zero line).
 *
 * @example
 * intervalBar(0.42, [0.31, 0.55], { label: 'mean 42%, 95% interval 31% to 55%' })
 */
export function intervalBar(
  mean: number | null,
  interval: readonly [number | null, number | null],
  options: { label: string; domain?: readonly [number, number]; colour?: string },
): TemplateResult {
  const [d0, d1] = options.domain ?? [0, 1];
  const x = (v: number) => Math.min(W, Math.max(0, ((v - d0) / (d1 - d0)) * W));
  const [lo, hi] = interval;
  const fill = options.colour ?? '#8a5cf6';
  return html`<svg class="interval" width=${W} height=${H} viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${options.label}>
    <rect x="0" y="4" width=${W} height="6" rx="3" fill="#eceaf3"></rect>
    ${d0 < 0 && d1 > 0 ? svg`<line x1=${x(0)} x2=${x(0)} y1="0" y2=${H} stroke="#888" stroke-dasharray="2 2"></line>` : null}
    ${
      lo !== null || hi !== null
        ? svg`<rect x=${x(lo ?? d0)} y="4" width=${Math.max(1.5, x(hi ?? d1) - x(lo ?? d0))} height="6" rx="3" fill=${fill} fill-opacity="0.45"></rect>`
        : null
    }
    ${mean !== null ? svg`<rect x=${x(mean) - 1} y="1" width="2" height="12" fill=${fill}></rect>` : null}
  </svg>`;
}
