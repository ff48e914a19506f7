/**
 * Indices of the k largest finite scores, best first, by a bounded min-heap: O(n log k)
 * and no full sort of a big catalog. `-Infinity` marks an ineligible entry; ties go to the
 * higher `ties` value when given, then to the lower index, so the result is deterministic.
 *
 * @example
 * topK(Float64Array.of(0.2, 0.9, -Infinity, 0.5), 2); // Int32Array [1, 3]
 * topK(Float64Array.of(0.5, 0.5), 1, 2, Float64Array.of(10, 20)); // Int32Array [1]
 */
export function topK(
  scores: Float64Array,
  k: number,
  n = scores.length,
  ties?: Float64Array,
): Int32Array {
  const size = Math.max(0, Math.min(k, n));
  const heap = new Int32Array(size);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (score === Number.NEGATIVE_INFINITY) continue;
    if (count < size) {
      heap[count] = i;
      siftUp(heap, scores, count, ties);
      count += 1;
    } else if (size > 0 && better(scores, i, heap[0]!, ties)) {
      heap[0] = i;
      siftDown(heap, scores, count, ties);
    }
  }
  const out = heap.subarray(0, count);
  out.sort((a, b) => (better(scores, a, b, ties) ? -1 : 1));
  return out;
}

// a ranks before b: higher score, or the same score and a higher tie value, or both the same
// and a lower index.
function better(scores: Float64Array, a: number, b: number, ties?: Float64Array): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  if (sa !== sb || ties === undefined) return sa > sb || (sa === sb && a < b);
  return ties[a]! > ties[b]! || (ties[a] === ties[b] && a < b);
}

function siftUp(heap: Int32Array, scores: Float64Array, at: number, ties?: Float64Array): void {
  let i = at;
  const item = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(scores, heap[parent]!, item, ties)) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = item;
}

function siftDown(
  heap: Int32Array,
  scores: Float64Array,
  count: number,
  ties?: Float64Array,
): void {
  let i = 0;
  const item = heap[0]!;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= count) break;
    const right = left + 1;
    const worst = right < count && better(scores, heap[left]!, heap[right]!, ties) ? right : left;
    if (!better(scores, item, heap[worst]!, ties)) break;
    heap[i] = heap[worst]!;
    i = worst;
  }
  heap[i] = item;
}
