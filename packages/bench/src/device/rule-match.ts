import type { DetectionRule } from "@edgeseg/engine-core/device-profile";
import type { DeviceInfoRaw } from "./types.ts";

export type DetectionInput = Pick<
  DeviceInfoRaw,
  "arch" | "boardModel" | "cpuModel" | "ramMb" | "cores" | "cpu"
>;

export interface RuleEvaluation {
  matched: boolean;
  /** Weighted count of the rule's conditions: how narrowly it identifies a device. */
  specificity: number;
  /** One phrase per satisfied condition, for the device's matchedRule. */
  evidence: string[];
}

/**
 * Weights per condition. A board name identifies hardware outright; a CPU name or ARM part narrows it
 * to a chip family; arch, flags and RAM/core bounds only narrow further. Documented in
 * firmware-profiles/README.md ("How a class is chosen").
 */
export const CONDITION_WEIGHTS = { boardModel: 8, cpuModel: 4, cpuParts: 4, other: 1 } as const;

export function evaluateRule(rule: DetectionRule, info: DetectionInput): RuleEvaluation {
  const checks: [boolean, number, string][] = [];
  const add = (ok: boolean, weight: number, phrase: string) => checks.push([ok, weight, phrase]);
  const { other } = CONDITION_WEIGHTS;
  if (rule.arch) add(rule.arch.includes(info.arch as never), other, `arch ${info.arch}`);
  if (rule.boardModel !== undefined) {
    const ok = info.boardModel !== null && new RegExp(rule.boardModel, "i").test(info.boardModel);
    add(ok, CONDITION_WEIGHTS.boardModel, `board "${info.boardModel}" ~ ${shown(rule.boardModel)}`);
  }
  if (rule.cpuModel !== undefined) {
    add(
      new RegExp(rule.cpuModel, "i").test(info.cpuModel),
      CONDITION_WEIGHTS.cpuModel,
      `CPU "${info.cpuModel}" ~ ${shown(rule.cpuModel)}`,
    );
  }
  if (rule.cpuImplementer)
    add(info.cpu.implementer === rule.cpuImplementer, other, `implementer ${rule.cpuImplementer}`);
  if (rule.cpuParts) {
    const hit = info.cpu.parts.filter((p) => rule.cpuParts!.includes(p));
    add(hit.length > 0, CONDITION_WEIGHTS.cpuParts, `CPU part ${hit.join("+")}`);
  }
  if (rule.cpuFlagsAll)
    add(
      rule.cpuFlagsAll.every((f) => info.cpu.flags.includes(f)),
      other,
      `flags ${rule.cpuFlagsAll.join(" ")}`,
    );
  if (rule.cpuFlagsNone) {
    add(
      !rule.cpuFlagsNone.some((f) => info.cpu.flags.includes(f)),
      other,
      `no ${rule.cpuFlagsNone.join("/")} flag`,
    );
  }
  if (rule.minRamMb !== undefined)
    add(info.ramMb >= rule.minRamMb, other, `RAM ${info.ramMb} MB ≥ ${rule.minRamMb}`);
  if (rule.maxRamMb !== undefined)
    add(info.ramMb <= rule.maxRamMb, other, `RAM ${info.ramMb} MB ≤ ${rule.maxRamMb}`);
  if (rule.minCores !== undefined)
    add(info.cores >= rule.minCores, other, `${info.cores} cores ≥ ${rule.minCores}`);
  if (rule.maxCores !== undefined)
    add(info.cores <= rule.maxCores, other, `${info.cores} cores ≤ ${rule.maxCores}`);
  return {
    matched: checks.length > 0 && checks.every(([ok]) => ok),
    specificity: checks.reduce((sum, [, w]) => sum + w, 0),
    evidence: checks.map(([, , phrase]) => phrase),
  };
}

/** Long patterns would crowd out the evidence in the 500-character matchedRule. */
const shown = (pattern: string) => (pattern.length <= 60 ? `/${pattern}/` : "the rule's pattern");
