import { median } from "../fleet/stats.ts";
import { capitalise, duration, mb, num, plural } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { MeasuredFineTuning, ModelRunSummary } from "../summary.ts";
import { fleetRuleWords, fleetStatus, ONE_DEVICE_NOTE } from "./fleet-budget.ts";
import { type ConstraintResult, type ConstraintStatus, combineStatus } from "./types.ts";

/** One device's fine-tuning as judged: its counts and medians (DeviceFigure's fine-tuning fields). */
interface TunedDevice {
  runs: number;
  failedRuns: number;
  outOfMemoryRuns: number;
  stepMs: number | null;
  plateauMs: number | null;
  peakRssMb: number | null;
  diceBefore: number | null;
  diceAfter: number | null;
}

interface Part {
  status: ConstraintStatus;
  /** Why it fails. */
  reason: string;
}

/**
 * Constraint 5, user-based fine-tuning — measured, not asserted: the device ran a real training loop of
 * the model's trainable part on a second site (the result's fineTuning block, docs/fine-tuning.md). It
 * passes when, at the policy's fleet quantile, the devices' fine-tuning fits the class's memory budget
 * (peak resident memory, no out-of-memory) and reaches its accuracy plateau within the policy's time
 * budget (default one night), and the new site's DSC after fine-tuning is above the DSC before. Each
 * device is judged by its median run; a device counts as out of memory (or failed) when more than half
 * of its fine-tunings were. Not measured (unknown) when no device ran it: the manifest's statement is
 * shown as a claim only.
 */
export function evaluateFineTuning(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const fleet = summary.fleet;
  const devices: TunedDevice[] = fleet
    ? fleet.perDevice
        .filter((d) => d.fineTuningRuns > 0)
        .map((d) => ({
          runs: d.fineTuningRuns,
          failedRuns: d.fineTuningFailedRuns,
          outOfMemoryRuns: d.fineTuningOutOfMemoryRuns,
          stepMs: d.fineTuningStepMs,
          plateauMs: d.fineTuningPlateauMs,
          peakRssMb: d.fineTuningPeakRssMb,
          diceBefore: d.fineTuningDiceBefore,
          diceAfter: d.fineTuningDiceAfter,
        }))
    : summary.fineTuningRun
      ? [runAsDevice(summary.fineTuningRun)]
      : [];
  const claim = manifestClaim(summary);
  if (devices.length === 0) {
    return {
      status: "unknown",
      value: "not measured",
      detail: `No device of the class has run the fine-tuning benchmark for this model, so its cost on the device is not known. ${claim}`,
    };
  }
  const q = policy.fleetQuantile;
  const memoryBudget = policy.memoryBudgetMb;
  const timeBudget = policy.fineTuningBudgetMinutes * 60_000;
  const oom = (d: TunedDevice) => d.outOfMemoryRuns * 2 > d.runs;
  const failed = (d: TunedDevice) => d.failedRuns * 2 > d.runs && !oom(d);

  const one = devices.length === 1;
  const memKnown = devices.filter((d) => oom(d) || d.peakRssMb !== null);
  const memWithin = memKnown.filter((d) => !oom(d) && (d.peakRssMb as number) <= memoryBudget).length;
  const outOfMemory = devices.filter(oom).length;
  const peak = median(memKnown.filter((d) => !oom(d)).map((d) => d.peakRssMb));
  const memory: Part = {
    status: fleetStatus(memWithin, memKnown.length, q),
    reason: one
      ? outOfMemory > 0
        ? "fine-tuning ran out of memory"
        : `fine-tuning's peak memory ${mb(peak ?? 0)} exceeds the ${mb(memoryBudget)} budget`
      : `only ${memWithin} of ${plural(memKnown.length, "device")} keep fine-tuning within the ${mb(memoryBudget)} budget${outOfMemory > 0 ? ` (${outOfMemory} ran out of memory)` : ""}`,
  };
  const failedDevices = devices.filter(failed).length;
  const completion: Part = {
    status: fleetStatus(devices.length - failedDevices, devices.length, q),
    reason: one
      ? `fine-tuning failed (${fleet ? "crash, timeout or error" : (summary.fineTuningRun?.failure ?? "error")})`
      : `fine-tuning failed (crash, timeout or error) on ${failedDevices} of ${plural(devices.length, "device")}`,
  };
  const timed = devices.filter((d) => !oom(d) && !failed(d) && d.plateauMs !== null);
  const timeWithin = timed.filter((d) => (d.plateauMs as number) <= timeBudget).length;
  const plateau = median(timed.map((d) => d.plateauMs));
  const time: Part = {
    status: fleetStatus(timeWithin, timed.length, q),
    reason:
      timed.length === 1
        ? `time to plateau ${duration(plateau ?? 0)} is over the ${duration(timeBudget)} budget`
        : `over the ${duration(timeBudget)} budget: only ${timeWithin} of ${plural(timed.length, "device")} reach the plateau within it`,
  };
  const before = median(devices.map((d) => d.diceBefore));
  const after = median(devices.map((d) => d.diceAfter));
  const gain = before !== null && after !== null ? after - before : null;
  const accuracy: Part = {
    status: gain === null ? "unknown" : gain > 0 ? "pass" : "fail",
    reason: `no accuracy gain: the new site's DSC went from ${num(before ?? 0, 3)} to ${num(after ?? 0, 3)}`,
  };

  const parts = [memory, completion, time, accuracy];
  const status = combineStatus(parts.map((p) => p.status));
  const value = valueText(devices, { memoryBudget, timeBudget, before, after, gain });
  const single = !fleet || fleet.devices === 1;
  const rule = single
    ? ""
    : `${capitalise(fleetRuleWords(q))} (each device by its median fine-tuning; out of memory or failed when more than half of its fine-tunings were).`;
  const measuredOn = fleet
    ? `Measured on ${plural(devices.length, "device")} of ${fleet.devices}.`
    : "Measured on the device.";
  const failing = parts.filter((p) => p.status === "fail").map((p) => p.reason);
  const missing = [
    memory.status === "unknown" ? "peak memory" : "",
    time.status === "unknown" ? "time to plateau" : "",
    accuracy.status === "unknown" ? "the DSC after fine-tuning" : "",
  ].filter((t) => t !== "");
  const sentences = [
    status === "pass"
      ? `Fine-tuning fits the ${mb(memoryBudget)} memory budget and reaches its plateau within ${duration(timeBudget)}, and raises the new site's DSC by ${num(gain as number, 3)}.`
      : "",
    failing.length > 0 ? `${capitalise(failing.join("; "))}.` : "",
    status !== "fail" && missing.length > 0 ? `Not reported: ${missing.join(", ")}.` : "",
    measuredOn,
    rule,
    fleet && fleet.devices === 1 ? ONE_DEVICE_NOTE : "",
    claim,
  ].filter((t) => t !== "");
  return { status, value, detail: sentences.join(" ") };
}

/** A single result's fine-tuning as a device of one run, by the fleet rule (times and DSC only when it succeeded). */
function runAsDevice(run: MeasuredFineTuning): TunedDevice {
  const ok = run.status === "succeeded";
  return {
    runs: 1,
    failedRuns: ok ? 0 : 1,
    outOfMemoryRuns: run.failure === "out-of-memory" ? 1 : 0,
    stepMs: ok ? run.stepMs : null,
    plateauMs: ok ? run.plateauMs : null,
    peakRssMb: run.peakRssMb,
    diceBefore: ok ? run.diceBefore : null,
    diceAfter: ok ? run.diceAfter : null,
  };
}

/** "step 12 ms; plateau 5.3 min of 8 h; peak 212 MB of 1024 MB; DSC 0.41 → 0.83 (+0.42)", medians across devices. */
function valueText(
  devices: TunedDevice[],
  v: {
    memoryBudget: number;
    timeBudget: number;
    before: number | null;
    after: number | null;
    gain: number | null;
  },
): string {
  const step = median(devices.map((d) => d.stepMs));
  const plateau = median(devices.map((d) => d.plateauMs));
  const peak = median(devices.map((d) => d.peakRssMb));
  const oom = devices.filter((d) => d.outOfMemoryRuns * 2 > d.runs).length;
  const signed = (x: number) => `${x >= 0 ? "+" : "−"}${num(Math.abs(x), 3)}`;
  return [
    oom === 0
      ? ""
      : devices.length === 1
        ? "out of memory"
        : `out of memory on ${oom} of ${plural(devices.length, "device")}`,
    step !== null ? `step ${num(step, step < 10 ? 2 : 1)} ms` : "",
    plateau !== null ? `plateau ${duration(plateau)} of ${duration(v.timeBudget)}` : "",
    peak !== null ? `peak ${mb(peak)} of ${mb(v.memoryBudget)}` : "",
    v.before !== null
      ? `DSC ${num(v.before, 3)} → ${v.after === null ? "?" : num(v.after, 3)}${v.gain === null ? "" : ` (${signed(v.gain)})`}`
      : "",
  ]
    .filter((t) => t !== "")
    .join("; ");
}

/** The manifest's statement, always labelled a claim: it never decides the constraint. */
function manifestClaim(summary: ModelRunSummary): string {
  const stated = summary.model.fineTuning;
  if (stated === null) return "The model's manifest is not available (no claim either way).";
  const notes = stated.notes.trim();
  return `The manifest claims it ${stated.supported ? "can" : "cannot"} be fine-tuned on the device${notes ? ` (“${notes}”)` : ""} — a claim, not a measurement.`;
}
