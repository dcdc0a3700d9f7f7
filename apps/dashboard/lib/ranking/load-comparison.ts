import { type Db, leaderboardDetails, leaderboardSlices } from "@edgeseg/db";
import { compareFleets, type FleetComparison } from "@edgeseg/scoring";
import { classPolicy } from "./policy.ts";
import { cachedSliceCounts } from "./slice-cache.ts";
import { type SuiteLabel, suiteLabels } from "./suite-labels.ts";
import { summaryFromEntry } from "./summaries.ts";

export interface ComparisonWish {
  suite?: string | undefined;
  /** Device class ids; empty for every class with results on the suite. */
  classes: string[];
}

export interface ComparisonPage {
  suites: SuiteLabel[];
  suite: SuiteLabel | null;
  /** Classes with results on the chosen suite (what may be compared). */
  available: { id: string; name: string }[];
  /** The classes compared, in the order asked for. */
  classes: { id: string; name: string }[];
  /** Classes asked for that the hub does not know (no DeviceClass row, hence no budgets). */
  unknownClasses: string[];
  comparison: FleetComparison | null;
}

/**
 * "Compare fleets" for one suite: each class ranked with its own policy, then lined up per model by
 * `compareFleets`. Without a suite, the one with the most results; without classes, every class that
 * has results on it.
 */
export async function loadComparison(db: Db, wish: ComparisonWish): Promise<ComparisonPage> {
  const slices = await leaderboardSlices(db);
  const suiteShas = [...new Set(slices.map((s) => s.suiteSha256))];
  const suiteSha = wish.suite ?? (await cachedSliceCounts(db))[0]?.suiteSha256 ?? suiteShas[0] ?? null;
  const suites = await suiteLabels(
    db,
    suiteSha && !suiteShas.includes(suiteSha) ? [...suiteShas, suiteSha] : suiteShas,
  );
  const suite = suites.find((s) => s.sha256 === suiteSha) ?? null;
  const availableIds = slices.filter((s) => s.suiteSha256 === suiteSha).map((s) => s.deviceClassId);
  const wanted = [...new Set(wish.classes.length > 0 ? wish.classes : availableIds)];
  const rows = await db.prisma.deviceClass.findMany({ where: { id: { in: [...availableIds, ...wanted] } } });
  const name = (id: string) => rows.find((r) => r.id === id)?.name ?? id;
  const known = wanted.filter((id) => rows.some((r) => r.id === id));
  const page = {
    suites,
    suite,
    available: availableIds.map((id) => ({ id, name: name(id) })),
    classes: known.map((id) => ({ id, name: name(id) })),
    unknownClasses: wanted.filter((id) => !known.includes(id)),
  };
  if (!suite || known.length === 0) return { ...page, comparison: null };
  const inputs = await Promise.all(
    known.map(async (classId) => {
      const row = rows.find((r) => r.id === classId)!;
      const details = await leaderboardDetails(db, { suiteSha256: suite.sha256, deviceClassId: classId });
      return { classId, policy: classPolicy(row), summaries: details.entries.map(summaryFromEntry) };
    }),
  );
  return { ...page, comparison: compareFleets(inputs) };
}
