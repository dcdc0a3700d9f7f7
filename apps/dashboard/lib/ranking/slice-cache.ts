import { type CountedSlice, countedLeaderboardSlices, type Db } from "@edgeseg/db";

/** Counting every slice reads the whole leaderboard index; the default view can be a minute old. */
export const SLICE_COUNT_TTL_MS = 60_000;

interface Entry {
  at: number;
  value: Promise<CountedSlice[]>;
}

// Per database file, on globalThis like the database client (Next may load this module more than once).
const holder = globalThis as { __edgesegSliceCounts?: Map<string, Entry> };

/** Slices with their result counts, recomputed at most once per TTL per database. */
export function cachedSliceCounts(db: Db, now = Date.now()): Promise<CountedSlice[]> {
  holder.__edgesegSliceCounts ??= new Map();
  const cache = holder.__edgesegSliceCounts;
  const hit = cache.get(db.path);
  if (hit && now - hit.at < SLICE_COUNT_TTL_MS) return hit.value;
  const value = countedLeaderboardSlices(db);
  cache.set(db.path, { at: now, value });
  // An empty list is not kept: the first results of a new installation should show at once.
  value.then(
    (slices) => slices.length === 0 && cache.delete(db.path),
    () => cache.delete(db.path),
  );
  return value;
}

/** Forgets the counts (tests; after an import that changes which slices exist). */
export function clearSliceCounts(): void {
  holder.__edgesegSliceCounts?.clear();
}
