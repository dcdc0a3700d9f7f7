import type { ModelRunSummary } from "../summary.ts";
import type { ConstraintResult } from "./types.ts";

/**
 * Constraint 4, localization of user data: inference ran on the device and only aggregate numbers left
 * it. An edgeseg agent's result document is a strict, bounded schema of numbers and identifiers
 * (packages/protocol result.ts), so every agent result passes; the input says so explicitly.
 */
export function evaluateDataLocality(summary: ModelRunSummary): ConstraintResult {
  if (summary.executedOnDevice === true) {
    return {
      status: "pass",
      value: "on-device inference; numbers only",
      detail: "Images stayed on the device; the agent reported aggregate metrics only.",
    };
  }
  if (summary.executedOnDevice === false) {
    return {
      status: "fail",
      value: "inference off the device",
      detail: "This result was produced off the device, so patient images had to leave it.",
    };
  }
  return {
    status: "unknown",
    value: "origin not recorded",
    detail: "The result does not say whether inference ran on the device.",
  };
}
