import type { ModelCard } from "@edgeseg/db";
import { type ConstraintResult, evaluateConstraints, fleetSummary } from "@edgeseg/scoring";
import { type LeaderboardRow, measuredFigures } from "./leaderboard-view.ts";
import { type ClassRow, classPolicy } from "./policy.ts";

/** One (suite, device class) of a model card: the two measured constraints with their numbers. */
export interface MeasuredConstraintRow {
  suiteSha256: string;
  classId: string;
  className: string;
  devices: number;
  fineTuning: ConstraintResult;
  dataLocality: ConstraintResult;
  egress: LeaderboardRow["egress"];
  fineTuningFigures: LeaderboardRow["fineTuning"];
}

const families = ["target-specific", "foundation"] as const;

/**
 * Constraints 4 and 5 of a model on every (suite, class) it has a fleet figure on, judged with each
 * class's policy as the leaderboard judges them (same figure, same scoring). The manifest's fine-tuning
 * statement goes in as the claim the constraint shows, never as its verdict. Classes the hub does not
 * know (no budgets) are left out.
 */
export function measuredConstraints(
  card: Pick<ModelCard, "id" | "version" | "family" | "fineTuningSupported" | "manifest" | "fleet">,
  classes: (ClassRow & { name: string })[],
): MeasuredConstraintRow[] {
  const notes = (card.manifest as { fineTuning?: { notes?: unknown } } | null)?.fineTuning?.notes;
  const model = {
    id: card.id,
    version: card.version,
    family: families.find((f) => f === card.family) ?? null,
    fineTuning: { supported: card.fineTuningSupported, notes: typeof notes === "string" ? notes : "" },
  };
  return card.fleet.flatMap((slice) => {
    const row = classes.find((c) => c.id === slice.deviceClassId);
    if (!row) return [];
    const constraints = evaluateConstraints(fleetSummary(model, slice.figure, null), classPolicy(row));
    const figures = measuredFigures(slice.figure);
    return [
      {
        suiteSha256: slice.suiteSha256,
        classId: row.id,
        className: row.name,
        devices: slice.figure.devices,
        fineTuning: constraints.fineTuning,
        dataLocality: constraints.dataLocality,
        egress: figures.egress,
        fineTuningFigures: figures.fineTuning,
      },
    ];
  });
}
