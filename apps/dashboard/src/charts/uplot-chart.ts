/// <reference types="vite/client" />
import { nothing } from 'lit-html';
import { AsyncDirective } from 'lit-html/async-directive.js';
import { directive, type ElementPart, type PartInfo, PartType } from 'lit-html/directive.js';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A uPlot chart as a template value: its options for a width, and its aligned data. */
export interface ChartSpec {
  /**
   * The chart's structure (its series). While it stays the same, a new render only hands the
   * new data to the existing chart (`setData`): no rebuild, no flicker. A change rebuilds it.
   */
  readonly shape: string;
  readonly options: (width: number) => uPlot.Options;
  readonly data: uPlot.AlignedData;
}

class UplotDirective extends AsyncDirective {
  #plot: uPlot | null = null;
  #shape = '';
  #element: HTMLElement | null = null;
  #spec: ChartSpec | null = null;
  #observer: ResizeObserver | null = null;

  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('uplotChart goes on an element');
  }

  render(_spec: ChartSpec): typeof nothing {
    return nothing;
  }

  override update(part: ElementPart, [spec]: [ChartSpec]): typeof nothing {
    this.#element = part.element as HTMLElement;
    this.#spec = spec;
    if (this.#observer === null) {
      // The element is not in the document on the first render: create the chart once it
      // has a width, and follow the width after that.
      this.#observer = new ResizeObserver(() => this.#fit());
      this.#observer.observe(this.#element);
    }
    if (this.#plot !== null && this.#shape === spec.shape) {
      if (this.#plot.data !== spec.data) this.#plot.setData(spec.data);
    } else {
      this.#plot?.destroy();
      this.#plot = null;
      this.#create();
    }
    return nothing;
  }

  #create(): void {
    const element = this.#element;
    const spec = this.#spec;
    const width = element?.clientWidth ?? 0;
    if (element === null || spec === null || width === 0) return;
    this.#plot = new uPlot(spec.options(width), spec.data, element);
    this.#shape = spec.shape;
  }

  #fit(): void {
    if (this.#plot === null) {
      this.#create();
      return;
    }
    const width = this.#element?.clientWidth ?? 0;
    if (width > 0 && width !== this.#plot.width) {
      this.#plot.setSize({ width, height: this.#plot.height });
    }
  }

  protected override disconnected(): void {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#plot?.destroy();
    this.#plot = null;
  }

  protected override reconnected(): void {
    if (this.#element === null) return;
    this.#observer = new ResizeObserver(() => this.#fit());
    this.#observer.observe(this.#element);
  }
}

/**
 * Draws a uPlot chart into the element it is placed on, and keeps that chart across renders.
 *
 * @example
 * html`<div class="chart" ${uplotChart({ shape: 'rate', options: (width) => ({ width, height: 200, series }), data })}></div>`
 */
export const uplotChart = directive(UplotDirective);
