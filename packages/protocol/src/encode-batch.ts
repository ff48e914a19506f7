import { armRef, type KnownArms, refCheck } from './arm-ref.ts';
import { assertBatch } from './assert-batch.ts';
import { BINARY_FORMAT_VERSION, BINARY_MAGIC, REF_FORMAT_VERSION } from './batch-binary-format.ts';
import { ByteWriter } from './byte-writer.ts';
import { packClientId } from './client-id-pack.ts';
import { contextPairs } from './context-pairs.ts';
import { countForm, formValue } from './count-form.ts';
import type { Delta, DeltaBatch } from './delta-batch.ts';
import { toMilli } from './quantize.ts';
import { isSlug, packSlug } from './slug-code.ts';

const utf8 = new TextEncoder();

/**
 * Encodes a batch in the compact binary form (see {@link BINARY_MAGIC} for the layout),
 * quantizing s and f to thousandths: format version 2, or version 3 when `known` says the
 * edge knows some of the arms, which then travel as 4-byte refs instead of their ids. The
 * deltas travel grouped by decision and context, so they decode in that order: in the order
 * each group first appears, and within a group the spelled-out ones, then the referenced
 * ones, each as given. Throws a RangeError naming the field when the batch breaks the
 * contract (check first with {@link checkBatch} to avoid that).
 *
 * @example
 * const body = encodeBatch({
 *   clientId: 'c_8f2a61d0',
 *   seq: 1,
 *   deltas: [{ decision: 'home-feed', context: 'evening', arm: 'movie-1234', s: 1, f: 0 }],
 * });
 * fetch(url, { method: 'POST', headers: { 'content-type': BINARY_CONTENT_TYPE }, body });
 * // Arms the edge knows (those the community priors list) as 4-byte refs, format version 3:
 * encodeBatch(batch, (decision, context, arm) =>
 *   Object.hasOwn(priors.decisions[decision]?.[context] ?? {}, arm));
 */
export function encodeBatch(batch: DeltaBatch, known?: KnownArms): Uint8Array {
  assertBatch(batch);
  // Per decision and context: the deltas spelled out, then those sent by ref.
  const groups = new Map<string, [Delta[], Delta[]]>();
  for (const delta of batch.deltas) {
    const key = `${delta.decision}\u0000${delta.context}`;
    const group = groups.get(key) ?? ([[], []] as [Delta[], Delta[]]);
    groups.set(key, group);
    // $exp/ counts are not arms: the edge keeps no totals to find them among.
    const byRef =
      known !== undefined &&
      !delta.decision.startsWith('$exp/') &&
      known(delta.decision, delta.context, delta.arm);
    group[byRef ? 1 : 0].push(delta);
  }
  // Two arms of a group with one ref would be refused (the edge could not tell them apart):
  // both go spelled out.
  for (const group of groups.values()) {
    const refs = group[1].map((delta) => armRef(delta.arm));
    const uses = new Map<number, number>();
    for (const ref of refs) uses.set(ref, (uses.get(ref) ?? 0) + 1);
    group[0].push(...group[1].filter((_, i) => uses.get(refs[i]!)! > 1));
    group[1] = group[1].filter((_, i) => uses.get(refs[i]!) === 1);
  }
  // In wire order: group by group, as the edge reads them.
  const referenced = [...groups.values()].flatMap(([, byRef]) => byRef);
  const refs = referenced.length > 0;

  const out = new ByteWriter();
  out.bytes(BINARY_MAGIC);
  out.bytes([refs ? REF_FORMAT_VERSION : BINARY_FORMAT_VERSION]);
  out.varint(batch.clientId.length);
  out.bytes(packClientId(batch.clientId));
  out.varint(batch.seq);
  out.varint(groups.size);
  const names = new Map<string, number>();
  const name = (value: string) => {
    const index = names.get(value);
    if (index !== undefined) return out.varint(index);
    out.varint(names.size);
    names.set(value, names.size);
    const pairs = contextPairs(value);
    if (pairs === undefined) {
      const bytes = utf8.encode(value);
      out.varint(bytes.length * 2);
      out.bytes(bytes);
    } else {
      out.varint(pairs.length * 2 + 1);
      out.bytes(pairs);
    }
  };
  const counts = (delta: Delta) => {
    const s = toMilli(delta.s);
    const f = toMilli(delta.f);
    const sForm = countForm(s);
    // Form 3: f is n tenths, what n impressions at core's default weight (0.1) add.
    const fForm = delta.n !== undefined && delta.n > 0 && f === delta.n * 100 ? 3 : countForm(f);
    const nCode = delta.n === undefined ? 0 : delta.n + 1;
    out.varint(sForm + fForm * 4 + nCode * 16);
    if (sForm !== 0) out.varint(formValue(s, sForm));
    if (fForm === 1 || fForm === 2) out.varint(formValue(f, fForm));
  };
  for (const [spelled, byRef] of groups.values()) {
    const first = spelled[0] ?? byRef[0]!;
    name(first.decision);
    name(first.context);
    out.varint(spelled.length);
    for (const delta of spelled) {
      if (isSlug(delta.arm)) {
        out.varint(delta.arm.length * 2 + 1);
        out.bytes(packSlug(delta.arm));
      } else {
        const bytes = utf8.encode(delta.arm);
        out.varint(bytes.length * 2);
        out.bytes(bytes);
      }
      counts(delta);
    }
    if (!refs) continue;
    out.varint(byRef.length);
    for (const delta of byRef) {
      out.uint32(armRef(delta.arm));
      counts(delta);
    }
  }
  if (refs) out.uint32(refCheck(referenced));
  return out.finish();
}
