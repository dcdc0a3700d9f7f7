import { known } from "./format.ts";

export interface ParetoPoint {
  id: string;
  /** Higher is better (e.g. mean DSC). */
  accuracy: number | null;
  /** Lower is better (e.g. mean per-case time). */
  timeMs: number | null;
}

/**
 * Ids of the points no other point dominates — maximising accuracy, minimising time. q dominates p
 * when q is at least as accurate and at least as fast, and strictly better in one of the two.
 * Identical points do not dominate each other, so all of them are on the front; an id given twice is
 * returned once. Points missing either
 * number cannot be placed and are left out. Returned fastest first (ties by id), the order a front
 * line is drawn in.
 *
 * One sweep in time order: a point is on the front when it is the most accurate at its time and more
 * accurate than everything strictly faster.
 */
export function paretoFront(points: ParetoPoint[]): string[] {
  const placed = points.flatMap((p) => {
    const accuracy = known(p.accuracy);
    const timeMs = known(p.timeMs);
    return accuracy === null || timeMs === null ? [] : [{ id: p.id, accuracy, timeMs }];
  });
  placed.sort(
    (a, b) => a.timeMs - b.timeMs || b.accuracy - a.accuracy || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );

  const front = new Set<string>();
  let bestFaster = Number.NEGATIVE_INFINITY;
  let i = 0;
  while (i < placed.length) {
    const time = placed[i]?.timeMs;
    const group: typeof placed = [];
    while (i < placed.length && placed[i]?.timeMs === time) group.push(placed[i++]!);
    // Sorted by accuracy descending within a time, so the first is the group's best.
    const groupBest = group[0]?.accuracy ?? Number.NEGATIVE_INFINITY;
    if (groupBest > bestFaster) {
      for (const p of group) if (p.accuracy === groupBest) front.add(p.id);
      bestFaster = groupBest;
    }
  }
  return [...front];
}
