import { num, plural } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import type { ConstraintResult } from "./types.ts";

const kb = (bytes: number) => `${num(bytes / 1000, 1)} KB`;

/**
 * Constraint 4, localization of user data: inference ran on the device and only aggregate numbers left
 * it — measured, not asserted. Every job's egress audit (docs/data-locality.md: every byte the agent
 * sent during the job, counted where each transport writes) must be present and at or under the
 * policy's bound, which lies below the size of a single CT slice; the result document itself is a
 * strict, bounded schema of numbers and identifiers (packages/protocol result.ts). A run without an
 * audit fails: nothing shows what left the device.
 */
export function evaluateDataLocality(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  if (summary.executedOnDevice === false) {
    return {
      status: "fail",
      value: "inference off the device",
      detail: "This result was produced off the device, so patient images had to leave it.",
    };
  }
  if (summary.executedOnDevice === null) {
    return {
      status: "unknown",
      value: "origin not recorded",
      detail: "The result does not say whether inference ran on the device.",
    };
  }
  const bound = policy.egressBoundKb * 1000;
  const { audited, runs, maxBytes } = summary.fleet
    ? {
        audited: summary.fleet.egress.auditedRuns,
        runs: summary.fleet.egress.runs,
        maxBytes: summary.fleet.egress.maxBytes,
      }
    : { audited: summary.egressBytes === null ? 0 : 1, runs: 1, maxBytes: summary.egressBytes };
  if (audited < runs) {
    return {
      status: "fail",
      value:
        runs === 1
          ? "no egress audit"
          : `${runs - audited} of ${plural(runs, "run")} without an egress audit`,
      detail:
        "A run carries no egress audit (an agent older than the audit, or a run outside a job), so nothing shows what left the device. Run the model again with a current agent.",
    };
  }
  const most = maxBytes ?? 0;
  if (most > bound) {
    return {
      status: "fail",
      value: `${kb(most)} sent in one job (bound ${kb(bound)})`,
      detail: `A job sent ${kb(most)} from the device, more than the ${kb(bound)} bound — as much as image data would take. Check the device's agent and what it publishes.`,
    };
  }
  const messages = summary.egressMessages;
  const largest = summary.egressLargestBytes;
  const traffic =
    messages !== null && largest !== null
      ? ` in at most ${plural(messages, "message")}, the largest ${kb(largest)}`
      : "";
  return {
    status: "pass",
    value: `verified: ${kb(most)} numbers only`,
    detail: `Every ${runs === 1 ? "run" : `one of ${runs} runs`} carries an egress audit; no job sent more than ${kb(most)}${traffic} (bound ${kb(bound)}), and the result documents hold numbers and identifiers only.`,
  };
}
