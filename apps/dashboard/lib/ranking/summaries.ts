import type { DetailedEntry, UnrankedModel } from "@edgeseg/db";
import type { ModelRunSummary } from "@edgeseg/scoring";

const families = ["target-specific", "foundation"] as const;

/**
 * A leaderboard entry as the scoring package reads it. The entry is a VALID result (the query keeps
 * no other), and a VALID result is a succeeded run: the engine marks every failed run INVALID.
 * Data locality: every stored result came from an edgeseg agent through the hub, whose result schema
 * cannot carry image data, so `executedOnDevice` is true.
 */
export function summaryFromEntry(entry: DetailedEntry): ModelRunSummary {
  const family = families.find((f) => f === entry.catalogue?.family) ?? null;
  return {
    model: {
      id: entry.modelId,
      version: entry.modelVersion,
      family,
      fineTuning: entry.catalogue ? { ...entry.catalogue.fineTuning } : null,
    },
    resultId: entry.resultId,
    status: "succeeded",
    verdict: "VALID",
    verdictReasons: [],
    meanDice: entry.meanDice,
    meanNsd: entry.meanNsd,
    perOrgan: Object.fromEntries(
      entry.organs.map((o) => [o.organ, { meanDice: o.meanDice, meanNsd: o.meanNsd }]),
    ),
    perCaseMeanMs: entry.perCaseMeanMs,
    p50Ms: entry.p50Ms,
    p90Ms: entry.p90Ms,
    p99Ms: entry.p99Ms,
    peakRssMb: entry.peakRssMb,
    throttled: entry.throttled,
    executedOnDevice: true,
  };
}

/** Why a model with runs in the slice has no place on the leaderboard, in the page's words. */
export function unrankedReason(model: UnrankedModel): string {
  const { invalid, incomplete } = model.runs;
  const parts: string[] = [];
  if (invalid > 0) parts.push(`${invalid} INVALID run${invalid === 1 ? "" : "s"}`);
  if (incomplete > 0) {
    parts.push(
      `${incomplete} VALID run${incomplete === 1 ? "" : "s"} without a mean DSC or a per-case time (nothing to rank or hold to the time budget)`,
    );
  }
  const latest = model.latest;
  const why =
    latest && latest.verdict === "INVALID"
      ? ` Latest run ${latest.status === "failed" ? "failed" : "was INVALID"}: ${latest.reasons.length > 0 ? latest.reasons.join("; ") : "no reason recorded"}.`
      : "";
  return `No rankable result: ${parts.join(" and ") || "no runs"}.${why} Only VALID results are ranked.`;
}
