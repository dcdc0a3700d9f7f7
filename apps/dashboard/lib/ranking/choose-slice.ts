import type { CountedSlice, LeaderboardSlice } from "@edgeseg/db";

export interface SliceWish {
  suite?: string | undefined;
  class?: string | undefined;
}

/**
 * Which leaderboard to show. Both named: exactly that one (the page says when it has no results).
 * One named: the slice with the most results among those matching it. None: the slice with the most
 * results overall. `counted` (most results first) may be a cached, older list: a slice it does not
 * know yet falls back to the first matching one of `slices`, which is always current.
 */
export function chooseSlice(
  slices: LeaderboardSlice[],
  counted: CountedSlice[] | null,
  wish: SliceWish,
): LeaderboardSlice | null {
  if (wish.suite && wish.class) return { suiteSha256: wish.suite, deviceClassId: wish.class };
  const matches = (s: LeaderboardSlice) =>
    (!wish.suite || s.suiteSha256 === wish.suite) && (!wish.class || s.deviceClassId === wish.class);
  const best = counted?.find(matches) ?? slices.find(matches);
  return best ? { suiteSha256: best.suiteSha256, deviceClassId: best.deviceClassId } : null;
}
