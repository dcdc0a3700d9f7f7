/**
 * Sorts surfels by (distance, area) ascending, as surface-distance's _sort_distances_surfels sorts its
 * (distance, area) tuples. The tie order matters: the HD95 cumulative sum adds areas in this order.
 * LSD radix sort (stable): by area rank first, then by the distance's IEEE-754 bits, which order like the
 * values themselves for non-negative numbers (Infinity included).
 */
export function sortSurfels(distances: Float64Array, areas: Float64Array) {
  const n = distances.length;
  let order = byAreaRank(areas);
  const bits = new Uint32Array(distances.buffer, distances.byteOffset, 2 * n);
  const little = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f;
  const lo = little ? 0 : 1;
  for (const [word, shift] of [
    [lo, 0],
    [lo, 16],
    [1 - lo, 0],
    [1 - lo, 16],
  ] as const) {
    order = countingPass(order, (i) => (bits[2 * i + word]! >>> shift) & 0xffff, 0x10000);
  }
  const sortedDistances = new Float64Array(n);
  const sortedAreas = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    sortedDistances[r] = distances[order[r]!]!;
    sortedAreas[r] = areas[order[r]!]!;
  }
  return { distances: sortedDistances, areas: sortedAreas };
}

/** Indices ordered by area value (areas come from a lookup table, so there are few distinct ones). */
function byAreaRank(areas: Float64Array): Uint32Array {
  const distinct = [...new Set(areas)].sort((a, b) => a - b);
  const rank = new Map(distinct.map((a, r) => [a, r] as const));
  const identity = new Uint32Array(areas.length);
  for (let i = 0; i < identity.length; i++) identity[i] = i;
  return countingPass(identity, (i) => rank.get(areas[i]!)!, distinct.length);
}

function countingPass(order: Uint32Array, key: (i: number) => number, buckets: number): Uint32Array {
  const count = new Uint32Array(buckets + 1);
  for (let r = 0; r < order.length; r++) count[key(order[r]!) + 1]!++;
  for (let b = 0; b < buckets; b++) count[b + 1]! += count[b]!;
  const next = new Uint32Array(order.length);
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    next[count[key(i)]!++] = i;
  }
  return next;
}
