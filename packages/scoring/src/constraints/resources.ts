import { deviceThrottles, withinBudget } from "../fleet/class-figure.ts";
import { capitalise, known, mb, num } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import { deviceShare, fleetRuleWords, fleetStatus, ONE_DEVICE_NOTE } from "./fleet-budget.ts";
import type { ConstraintResult, ConstraintStatus } from "./types.ts";

/**
 * Constraint 1, resource-effectiveness: peak resident memory within the class budget (firmware profile
 * budgets.memoryMb, inclusive) and no thermal throttling observed during the run. Each part is judged
 * on what was measured: a platform without throttling signals leaves the memory verdict standing and
 * says throttling was not measured; only when neither part was measured is the constraint unknown. For
 * a fleet, each device is judged by its median peak memory and by whether it throttled in more than
 * half of its runs, and each part passes when the policy's share of devices meets it.
 */
export function evaluateResources(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const parts = summary.fleet ? fleetParts(summary, policy) : runParts(summary, policy);
  const measured = [parts.memory, parts.throttle].filter((p) => p.status !== "unknown");
  const status: ConstraintStatus =
    measured.length === 0 ? "unknown" : measured.some((p) => p.status === "fail") ? "fail" : "pass";
  const failing = measured.filter((p) => p.status === "fail").map((p) => p.reason);
  const missing = [parts.memory, parts.throttle].filter((p) => p.status === "unknown").map((p) => p.reason);
  const sentences = [
    status === "pass" ? parts.passText : "",
    failing.length > 0 ? `${capitalise(failing.join("; "))}.` : "",
    missing.length > 0 ? `Not measured: ${missing.join("; ")}.` : "",
    parts.note,
  ].filter((t) => t !== "");
  return { status, value: `${parts.memory.text}; ${parts.throttle.text}`, detail: sentences.join(" ") };
}

interface Part {
  status: ConstraintStatus;
  text: string;
  /** Why it fails, or what was not measured. */
  reason: string;
}

interface Parts {
  memory: Part;
  throttle: Part;
  passText: string;
  note: string;
}

function runParts(summary: ModelRunSummary, policy: ClassPolicy): Parts {
  const peak = known(summary.peakRssMb);
  const budget = policy.memoryBudgetMb;
  const memory: Part =
    peak === null
      ? {
          status: "unknown",
          text: `peak memory not reported (budget ${mb(budget)})`,
          reason: "the run reported no peak memory",
        }
      : {
          status: peak <= budget ? "pass" : "fail",
          text: `${mb(peak)} of ${mb(budget)}`,
          reason: `peak memory ${num(peak, 1)} MB exceeds the ${mb(budget)} budget`,
        };
  const throttle: Part =
    summary.throttled === null
      ? {
          status: "unknown",
          text: "throttling not measured",
          reason: "the platform exposes no throttling signal",
        }
      : summary.throttled
        ? { status: "fail", text: "throttling observed", reason: "the device throttled during the run" }
        : { status: "pass", text: "no throttling", reason: "" };
  const passText =
    memory.status === "pass" && throttle.status === "pass"
      ? `Peak memory within the ${mb(budget)} budget and no throttling observed.`
      : memory.status === "pass"
        ? `Peak memory within the ${mb(budget)} budget.`
        : "No throttling observed.";
  return { memory, throttle, passText, note: "" };
}

function fleetParts(summary: ModelRunSummary, policy: ClassPolicy): Parts {
  const fleet = summary.fleet!;
  const budget = policy.memoryBudgetMb;
  const q = policy.fleetQuantile;
  const mem = withinBudget(fleet.perDevice, (d) => d.peakRssMb, budget);
  const memStatus = fleetStatus(mem.within, mem.known, q);
  const peak = fleet.peakRssMb;
  const memory: Part =
    memStatus === "unknown"
      ? {
          status: memStatus,
          text: `peak memory not reported (budget ${mb(budget)})`,
          reason: "no device reported its peak memory",
        }
      : {
          status: memStatus,
          text:
            mem.known === 1
              ? `${mb(peak.median as number)} of ${mb(budget)}`
              : `${deviceShare(mem.within, mem.known)} within ${mb(budget)}; median ${mb(peak.median as number)}, max ${mb(peak.max as number)}`,
          reason: `only ${deviceShare(mem.within, mem.known)} keep peak memory within the ${mb(budget)} budget`,
        };
  const calm = fleet.perDevice.filter((d) => deviceThrottles(d) === false).length;
  const thrStatus = fleetStatus(calm, fleet.throttle.known, q);
  const throttle: Part =
    thrStatus === "unknown"
      ? {
          status: thrStatus,
          text: "throttling not measured",
          reason: "no device of the class exposes a throttling signal",
        }
      : {
          status: thrStatus,
          text:
            fleet.throttle.throttling === 0
              ? `no throttling on ${fleet.throttle.known === 1 ? "the device" : `${fleet.throttle.known} devices`}`
              : `${fleet.throttle.throttling} of ${fleet.throttle.known} devices throttled`,
          reason: `${fleet.throttle.throttling} of ${fleet.throttle.known} devices throttled in most of their runs`,
        };
  const passText =
    memory.status === "pass" && throttle.status === "pass"
      ? `Peak memory within the ${mb(budget)} budget and no throttling, on enough of the class's devices.`
      : memory.status === "pass"
        ? `Peak memory within the ${mb(budget)} budget on enough of the class's devices.`
        : "No throttling on enough of the class's devices.";
  const rule = `${capitalise(fleetRuleWords(q))} (each device by its median run; throttling when in more than half of its runs).`;
  return { memory, throttle, passText, note: fleet.devices === 1 ? `${rule} ${ONE_DEVICE_NOTE}` : rule };
}
