import { logGamma } from '@crowdbandit/core';
import { html, svg, type TemplateResult } from 'lit-html';

/** A Beta(alpha, beta) drawn as a labelled curve. */
export interface Density {
  readonly label: string;
  readonly alpha: number;
  readonly beta: number;
  readonly colour: string;
  readonly dashed?: boolean;
}

const W = 320;
const H = 120;
const PAD = 18;
const STEPS = 160;

function pdf(x: number, a: number, b: number, logNorm: number): number {
  if (x <= 0 || x >= 1) return 0;
  return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x) - logNorm);
}

// Grid points inside (0, 1), denser near where a sharp density's mass is.
function curve(d: Density): { x: number; y: number }[] {
  const logNorm = logGamma(d.alpha) + logGamma(d.beta) - logGamma(d.alpha + d.beta);
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i <= STEPS; i++) {
    const x = Math.min(1 - 1e-6, Math.max(1e-6, i / STEPS));
    points.push({ x, y: pdf(x, d.alpha, d.beta, logNorm) });
  }
  // A narrow peak falls between grid points; add its mode so the peak is drawn.
  if (d.alpha > 1 && d.beta > 1) {
    const mode = (d.alpha - 1) / (d.alpha + d.beta - 2);
    points.push({ x: mode, y: pdf(mode, d.alpha, d.beta, logNorm) });
    points.sort((p, q) => p.x - q.x);
  }
  return points;
}

/**
 * Densities over the rate 0–100%, each scaled to the plot's height on its own (a crowd of
 * thousands is a spike that would flatten a newcomer's prior to nothing).
 *
 * @example
 * betaDensities([{ label: 'crowd', alpha: 31, beta: 71, colour: '#4e79a7' }], 'popular')
 */
export function betaDensities(densities: readonly Density[], label: string): TemplateResult {
  const x = (v: number) => PAD + v * (W - 2 * PAD);
  const paths = densities.map((d) => {
    const points = curve(d);
    const peak = Math.max(...points.map((p) => p.y), 1e-12);
    const y = (v: number) => H - PAD - (v / peak) * (H - 2 * PAD);
    const line = points
      .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`)
      .join('');
    return svg`<path d=${`${line}L${x(1)},${H - PAD}L${x(0)},${H - PAD}Z`} fill=${d.colour} fill-opacity="0.12"
      stroke=${d.colour} stroke-width="2" stroke-dasharray=${d.dashed ? '5 4' : 'none'}></path>`;
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  return html`<svg class="density" viewBox=${`0 0 ${W} ${H}`} role="img" aria-label=${label}>
    <line x1=${x(0)} x2=${x(1)} y1=${H - PAD} y2=${H - PAD} stroke="#999"></line>
    ${ticks.map(
      (t) =>
        svg`<text x=${x(t)} y=${H - 4} font-size="9" text-anchor="middle" fill="#555">${t * 100}%</text>`,
    )}
    ${paths}
  </svg>`;
}
