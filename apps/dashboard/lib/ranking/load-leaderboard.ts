import { type Db, leaderboardDetails, leaderboardSlices } from "@edgeseg/db";
import type { ClassPolicy } from "@edgeseg/scoring";
import { chooseSlice, type SliceWish } from "./choose-slice.ts";
import { buildLeaderboard, type LeaderboardView } from "./leaderboard-view.ts";
import { type ClassRow, classPolicy, hasCustomScoring } from "./policy.ts";
import { cachedSliceCounts } from "./slice-cache.ts";
import { type SuiteLabel, suiteLabels } from "./suite-labels.ts";

export interface PickerOptions {
  suites: SuiteLabel[];
  /** Classes with results on the chosen suite. */
  classes: { id: string; name: string }[];
}

export interface LeaderboardPage {
  options: PickerOptions;
  /** The leaderboard shown; null when there are no results at all. */
  chosen: { suite: SuiteLabel; classId: string; className: string } | null;
  /** The class's row (budgets); null when the class is not known to the hub. */
  classRow: (ClassRow & { name: string }) | null;
  policy: ClassPolicy | null;
  customScoring: boolean;
  view: LeaderboardView | null;
}

/** Everything the leaderboard page shows for a (suite, device class) wish from its query string. */
export async function loadLeaderboard(db: Db, wish: SliceWish): Promise<LeaderboardPage> {
  const slices = await leaderboardSlices(db);
  const counted = wish.suite && wish.class ? null : await cachedSliceCounts(db);
  const chosen = chooseSlice(slices, counted, wish);
  const suites = await suiteLabels(db, [
    ...new Set([...slices.map((s) => s.suiteSha256), ...(chosen ? [chosen.suiteSha256] : [])]),
  ]);
  const classIds = slices.filter((s) => s.suiteSha256 === chosen?.suiteSha256).map((s) => s.deviceClassId);
  const classRows = await db.prisma.deviceClass.findMany({
    where: { id: { in: [...new Set([...classIds, ...(chosen ? [chosen.deviceClassId] : [])])] } },
  });
  const className = (id: string) => classRows.find((c) => c.id === id)?.name ?? id;
  const options = {
    suites,
    classes: classIds.map((id) => ({ id, name: className(id) })),
  };
  if (!chosen)
    return { options, chosen: null, classRow: null, policy: null, customScoring: false, view: null };
  const suite = suites.find((s) => s.sha256 === chosen.suiteSha256)!;
  const classRow = classRows.find((c) => c.id === chosen.deviceClassId) ?? null;
  const shown = { suite, classId: chosen.deviceClassId, className: className(chosen.deviceClassId) };
  if (!classRow)
    return { options, chosen: shown, classRow: null, policy: null, customScoring: false, view: null };
  const policy = classPolicy(classRow);
  const details = await leaderboardDetails(db, chosen);
  return {
    options,
    chosen: shown,
    classRow,
    policy,
    customScoring: hasCustomScoring(classRow),
    view: buildLeaderboard(details, policy),
  };
}
