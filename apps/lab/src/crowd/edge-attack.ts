// The crowd bench's attacks on a real edge: many identities from one address, and one hostile
// client sending as much as it can for an hour, against a mature arm of honest clients.
import { address, type CrowdEdge } from './edge-client.ts';

/** What one attack did to the published mean of its arm. */
export interface AttackResult {
  /** Published mean before and after, in percent. */
  readonly before: number;
  readonly after: number;
  /** |after − before| in percentage points. */
  readonly shift_pts: number;
  readonly identities_requested: number;
  readonly identities_issued: number;
  /** Batches sent under ids the edge did not sign, and how many it refused. */
  readonly unsigned_sent: number;
  readonly unsigned_refused: number;
  readonly batches_accepted: number;
  /** Whether the sudden-shift alert fired for the arm. */
  readonly alert: boolean;
}

/** The mature arms and the honest crowd behind them. */
export interface MatureArms {
  readonly decision: string;
  readonly honestClients: number;
  readonly eventsPerClient: number;
  /** Events on each arm. */
  readonly events: number;
}

const DECISION = 'mature';
const SYBIL_ARM = 'sybil-target';
const SOLO_ARM = 'solo-target';
// A hostile client's "maximum": far more than any bound lets count.
const FLOOD = 1_000_000;

const meanOf = (pair: [number, number] | undefined) =>
  pair === undefined ? Number.NaN : (pair[0] / (pair[0] + pair[1])) * 100;

/**
 * Builds two mature arms: at least 200 honest clients and 2,000 events each at exactly 50%,
 * every client with at most W events so that the bound does not shrink the honest crowd.
 *
 * @example
 * const mature = await matureArms(edge, 5);
 */
export async function matureArms(edge: CrowdEdge, bound: number): Promise<MatureArms> {
  const perClient = Math.max(2, Math.min(10, Math.floor(bound)));
  const clients = Math.max(200, Math.ceil(2000 / perClient));
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const id = await edge.issue(`honest-${String(c).padStart(6, '0')}`, address(c + 1));
      if (id === null) throw new Error(`honest client ${c} was refused an id`);
      // Half the clients round up, half down: the arm is at exactly 50%.
      const s = c % 2 === 0 ? Math.ceil(perClient / 2) : Math.floor(perClient / 2);
      const deltas = [SYBIL_ARM, SOLO_ARM].map((arm) => ({
        decision: DECISION,
        context: '',
        arm,
        s,
        f: perClient - s,
      }));
      const status = await edge.post({ clientId: id, seq: 1, deltas });
      if (status !== 200) throw new Error(`honest batch answered ${status}`);
    }),
  );
  const events = clients * perClient;
  await edge.settle(DECISION, 2 * events);
  return { decision: DECISION, honestClients: clients, eventsPerClient: perClient, events };
}

async function mean(edge: CrowdEdge, arm: string): Promise<number> {
  return meanOf((await edge.snapshot(DECISION)).decisions[DECISION]?.['']?.[arm]);
}

/**
 * 500 identities asked for from one address; every id the edge signs sends FLOOD successes on
 * the Sybil arm, and every refused one tries an unsigned id instead.
 */
export async function sybilAttack(edge: CrowdEdge, mature: MatureArms): Promise<AttackResult> {
  const before = await mean(edge, SYBIL_ARM);
  const attacker = '203.0.113.66';
  let issued = 0;
  let unsignedSent = 0;
  let unsignedRefused = 0;
  let accepted = 0;
  let flood = 0;
  for (let i = 0; i < 500; i++) {
    const own = `sybil-${String(i).padStart(6, '0')}`;
    const id = await edge.issue(own, attacker);
    if (id !== null) issued += 1;
    else unsignedSent += 1;
    const status = await edge.post({
      clientId: id ?? own,
      seq: 1,
      deltas: [{ decision: DECISION, context: '', arm: SYBIL_ARM, s: FLOOD, f: 0 }],
    });
    if (status === 200) {
      accepted += 1;
      flood += FLOOD;
    } else if (id === null && status === 401) unsignedRefused += 1;
  }
  await edge.settle(DECISION, 2 * mature.events + flood);
  const after = await mean(edge, SYBIL_ARM);
  const alerts = await edge.shiftAlerts();
  return {
    before,
    after,
    shift_pts: Math.abs(after - before),
    identities_requested: 500,
    identities_issued: issued,
    unsigned_sent: unsignedSent,
    unsigned_refused: unsignedRefused,
    batches_accepted: accepted,
    alert: alerts.some((a) => a.arm === SYBIL_ARM),
  };
}

/**
 * One hostile client with one signed id, sending FLOOD successes on the solo arm once a
 * minute for an hour (60 batches, sent at once: the bound is on its cumulative totals, so
 * time does not change what counts).
 */
export async function singleClientAttack(
  edge: CrowdEdge,
  mature: MatureArms,
  floodBefore: number,
): Promise<AttackResult> {
  const before = await mean(edge, SOLO_ARM);
  const id = await edge.issue('hostile-single', '203.0.113.77');
  if (id === null) throw new Error('the single hostile client was refused an id');
  let accepted = 0;
  for (let seq = 1; seq <= 60; seq++) {
    const status = await edge.post({
      clientId: id,
      seq,
      deltas: [{ decision: DECISION, context: '', arm: SOLO_ARM, s: FLOOD, f: 0 }],
    });
    if (status === 200) accepted += 1;
  }
  await edge.settle(DECISION, 2 * mature.events + floodBefore + accepted * FLOOD);
  const after = await mean(edge, SOLO_ARM);
  const alerts = await edge.shiftAlerts();
  return {
    before,
    after,
    shift_pts: Math.abs(after - before),
    identities_requested: 1,
    identities_issued: 1,
    unsigned_sent: 0,
    unsigned_refused: 0,
    batches_accepted: accepted,
    alert: alerts.some((a) => a.arm === SOLO_ARM),
  };
}

/** The flood a Sybil attack added to the raw totals (for the next settle). */
export function floodOf(result: AttackResult): number {
  return result.batches_accepted * FLOOD;
}
