import { day } from './markdown.ts';

/** What every section of BENCHMARKS.md needs from the orchestrator. */
export interface SectionContext {
  /** A benchmark's JSON result by file name, or null when absent. */
  json<T>(name: string): T | null;
  /** A note when this run did not refresh benchmark `id` (its figures are from `date`). */
  stale(id: string, date: string | undefined): string[];
  /** An image line for a chart rendered in this run, or nothing. */
  chart(name: string, alt: string): string[];
  /** A path as a link relative to the Markdown file. */
  link(path: string): string;
}

/**
 * A `## title` section whose body is computed; a body that throws (a result file in an
 * unexpected shape) becomes a one-line note instead of breaking the whole report.
 *
 * @example
 * lines.push(...section('Core engine', () => ['…']));
 */
export function section(title: string, body: () => string[]): string[] {
  try {
    return [`## ${title}`, '', ...body()];
  } catch (error) {
    return [
      `## ${title}`,
      '',
      `Could not render this section: ${error instanceof Error ? error.message : String(error)}`,
      '',
    ];
  }
}

/** "Figures below are from …" for a step that did not succeed. */
export function staleNote(
  status: string,
  note: string | undefined,
  date: string | undefined,
): string[] {
  return [
    `> **Not measured in this run** (${status}${note === undefined ? '' : `: ${note}`}).` +
      (date === undefined ? '' : ` Figures below are from ${day(date)}.`),
    '',
  ];
}
