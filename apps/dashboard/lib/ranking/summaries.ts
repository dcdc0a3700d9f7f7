import type { DetailedEntry, UnrankedModel } from "@edgeseg/db";
import { fleetSummary, type ModelRunSummary } from "@edgeseg/scoring";
import { SYNTHETIC_LABEL } from "../deployability/view.ts";

const families = ["target-specific", "foundation"] as const;

/**
 * A leaderboard entry as the scoring package reads it: the class's fleet figure (each device by the
 * median of its dispatched VALID runs, the class by the median across devices) with the representative
 * run's per-organ means. Data locality: every stored result came from an edgeseg agent through the hub,
 * whose result schema cannot carry image data (fleetSummary says so).
 */
export function summaryFromEntry(entry: DetailedEntry): ModelRunSummary {
  const family = families.find((f) => f === entry.catalogue?.family) ?? null;
  return fleetSummary(
    {
      id: entry.modelId,
      version: entry.modelVersion,
      family,
      fineTuning: entry.catalogue ? { ...entry.catalogue.fineTuning } : null,
    },
    entry.figure,
    Object.fromEntries(entry.organs.map((o) => [o.organ, { meanDice: o.meanDice, meanNsd: o.meanNsd }])),
  );
}

/** Why a model with runs in the slice has no place on the leaderboard, in the page's words. */
export function unrankedReason(model: UnrankedModel): string {
  const { invalid, incomplete, notDispatched } = model.runs;
  const parts: string[] = [];
  if (invalid > 0) parts.push(`${invalid} INVALID run${invalid === 1 ? "" : "s"}`);
  if (incomplete > 0) {
    parts.push(
      `${incomplete} VALID run${incomplete === 1 ? "" : "s"} without a mean DSC or a per-case time (nothing to rank or hold to the time budget; a skeleton's synthetic weights measure no accuracy: see Deployability)`,
    );
  }
  if (notDispatched > 0) {
    parts.push(
      `${notDispatched} VALID run${notDispatched === 1 ? "" : "s"} the hub did not dispatch for this model and suite (kept, never ranked)`,
    );
  }
  const latest = model.latest;
  const why =
    latest && latest.verdict === "INVALID"
      ? ` Latest run ${latest.status === "failed" ? "failed" : "was INVALID"}: ${latest.reasons.length > 0 ? latest.reasons.join("; ") : "no reason recorded"}.`
      : latest?.unrankedReason
        ? ` Latest run: ${latest.unrankedReason}.`
        : "";
  const synthetic =
    latest?.weights === "synthetic"
      ? ` Its latest run measured ${SYNTHETIC_LABEL} (a skeleton's weights filled on the device).`
      : "";
  return `No rankable result: ${parts.join(" and ") || "no runs"}.${why}${synthetic} Only VALID results of jobs the hub dispatched are ranked.`;
}
