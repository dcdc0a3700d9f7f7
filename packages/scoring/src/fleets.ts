import { AppError } from "@edgeseg/protocol";
import type { ConstraintStatus, Constraints } from "./constraints/types.ts";
import { combineStatus } from "./constraints/types.ts";
import { known } from "./format.ts";
import type { ClassPolicy } from "./policy.ts";
import { type ExcludedModel, rankModels } from "./rank.ts";
import { type ModelRunSummary, modelLabel } from "./summary.ts";

export interface FleetClassInput {
  classId: string;
  policy: ClassPolicy;
  /** The models' figures on this class (fleet summaries), for the same suite as the other classes. */
  summaries: ModelRunSummary[];
}

export interface FleetCell {
  /** Resources and execution time both pass → true; either fails → false; otherwise null (unknown). */
  withinBudget: boolean | null;
  constraints: Constraints;
  score: number | null;
  /** The model's rank on this class's leaderboard. */
  rank: number;
  perCaseMeanMs: number | null;
  /**
   * Fastest class's per-case time for this model over this class's: 1 on the fastest class, 0.5 where
   * a case takes twice as long. null when this class or every class lacks a per-case time.
   */
  relativeSpeed: number | null;
}

export interface FleetModelRow {
  model: { id: string; version: string };
  /** By class id; null where the model has no rankable result on that class. */
  byClass: Record<string, FleetCell | null>;
  /** The class this model runs fastest on (null when no class has a per-case time). */
  fastestClassId: string | null;
}

export interface FleetComparison {
  classIds: string[];
  models: FleetModelRow[];
  excluded: (ExcludedModel & { classId: string })[];
}

/**
 * "Compare fleets": the same suite and models on two or more device classes side by side — which class
 * runs which model within its budgets, and how fast relative to the model's fastest class. Each class
 * is ranked with its own policy first, so INVALID results and duplicates are dropped exactly as on
 * that class's leaderboard.
 */
export function compareFleets(byClass: FleetClassInput[]): FleetComparison {
  const classIds = byClass.map((c) => c.classId);
  const repeated = classIds.find((id, i) => classIds.indexOf(id) !== i);
  if (repeated !== undefined) {
    throw new AppError(
      "USAGE",
      `Device class ${repeated} is listed twice in the fleet comparison; list each class once.`,
    );
  }

  const rows = new Map<string, FleetModelRow>();
  const excluded: FleetComparison["excluded"] = [];
  for (const { classId, policy, summaries } of byClass) {
    const ranking = rankModels(summaries, policy);
    excluded.push(...ranking.excluded.map((e) => ({ ...e, classId })));
    for (const entry of ranking.ranked) {
      const label = modelLabel(entry.summary);
      let row = rows.get(label);
      if (!row) {
        const { id, version } = entry.summary.model;
        row = {
          model: { id, version },
          byClass: Object.fromEntries(classIds.map((c) => [c, null])),
          fastestClassId: null,
        };
        rows.set(label, row);
      }
      row.byClass[classId] = {
        withinBudget: budgetVerdict(
          entry.constraints.resources.status,
          entry.constraints.executionTime.status,
        ),
        constraints: entry.constraints,
        score: entry.score,
        rank: entry.rank,
        perCaseMeanMs: known(entry.summary.perCaseMeanMs),
        relativeSpeed: null,
      };
    }
  }

  for (const row of rows.values()) {
    let fastest: { classId: string; ms: number } | null = null;
    for (const classId of classIds) {
      const ms = row.byClass[classId]?.perCaseMeanMs ?? null;
      if (ms !== null && (fastest === null || ms < fastest.ms)) fastest = { classId, ms };
    }
    row.fastestClassId = fastest?.classId ?? null;
    for (const cell of Object.values(row.byClass)) {
      if (!cell || fastest === null || cell.perCaseMeanMs === null) continue;
      // A 0 ms time (an empty case) would divide by zero; both zero means equally fast.
      cell.relativeSpeed = cell.perCaseMeanMs === 0 ? 1 : fastest.ms / cell.perCaseMeanMs;
    }
  }

  const models = [...rows.values()].sort((a, b) =>
    a.model.id === b.model.id
      ? a.model.version < b.model.version
        ? -1
        : 1
      : a.model.id < b.model.id
        ? -1
        : 1,
  );
  return { classIds, models, excluded };
}

function budgetVerdict(resources: ConstraintStatus, time: ConstraintStatus): boolean | null {
  const status = combineStatus([resources, time]);
  return status === "unknown" ? null : status === "pass";
}
