/**
 * Indices of the k largest finite scores, best first, by a bounded min-heap: O(n log k)
 * and no full sort of a big catalog. `-Infinity` marks an ineligible entry; ties go to the
 * lower index, so the result is deterministic.
 *
 * @example
 * topK(Float64Array.of(0.2, 0.9, -Infinity, 0.5), 2); // Int32Array [1, 3]
 */
export function topK(scores: Float64Array, k: number, n = scores.length): Int32Array {
  const size = Math.max(0, Math.min(k, n));
  const heap = new Int32Array(size);
  let count = 0;
  for (let i = 0; i < n; i++) {
    const score = scores[i]!;
    if (score === Number.NEGATIVE_INFINITY) continue;
    if (count < size) {
      heap[count] = i;
      siftUp(heap, scores, count);
      count += 1;
    } else if (size > 0 && better(scores, i, heap[0]!)) {
      heap[0] = i;
      siftDown(heap, scores, count);
    }
  }
  const out = heap.subarray(0, count);
  out.sort((a, b) => (better(scores, a, b) ? -1 : 1));
  return out;
}

// a ranks before b: higher score, or the same score and a lower index.
function better(scores: Float64Array, a: number, b: number): boolean {
  const sa = scores[a]!;
  const sb = scores[b]!;
  return sa > sb || (sa === sb && a < b);
}

function siftUp(heap: Int32Array, scores: Float64Array, at: number): void {
  let i = at;
  const item = heap[i]!;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!better(scores, heap[parent]!, item)) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = item;
}

function siftDown(heap: Int32Array, scores: Float64Array, count: number): void {
  let i = 0;
  const item = heap[0]!;
  for (;;) {
    const left = 2 * i + 1;
    if (left >= count) break;
    const right = left + 1;
    const worst = right < count && better(scores, heap[left]!, heap[right]!) ? right : left;
    if (!better(scores, item, heap[worst]!)) break;
    heap[i] = heap[worst]!;
    i = worst;
  }
  heap[i] = item;
}
