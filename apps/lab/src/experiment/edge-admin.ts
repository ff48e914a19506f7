import type { ExperimentDefinition, ExperimentState } from '@crowdbandit/protocol';
import { LAB_APP } from '../community/sdk-edge-backend.ts';
import { LabError } from '../lab-error.ts';

/**
 * The edge's experiment admin API as the lab calls it (admin token of the lab's app): create,
 * start, stop and read results. Any answer but 2xx throws a LabError with the edge's message.
 *
 * @example
 * const admin = experimentAdmin(edge.url);
 * await admin.create({ key: 'aa-1', variations: [{ key: 'a' }, { key: 'b' }], metrics: ['convert'] });
 * const { seed } = await admin.start('aa-1');
 */
export function experimentAdmin(edgeUrl: string) {
  const base = `${edgeUrl}/v1/apps/${LAB_APP.id}/experiments`;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${LAB_APP.adminToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!res.ok) {
      throw new LabError(`${method} ${base}${path} answered ${res.status}: ${await res.text()}`);
    }
    return (await res.json()) as T;
  };
  return {
    create: (definition: ExperimentDefinition) => call<ExperimentState>('POST', '', definition),
    start: (key: string) => call<ExperimentState>('POST', `/${key}/start`),
    stop: (key: string, winner?: string) =>
      call<ExperimentState>('POST', `/${key}/stop`, winner === undefined ? {} : { winner }),
    results: <T>(key: string) => call<T>('GET', `/${key}/results`),
  };
}

/** What {@link experimentAdmin} gives. */
export type ExperimentAdmin = ReturnType<typeof experimentAdmin>;
