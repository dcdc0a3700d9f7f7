import type { ResultDocument } from "@edgeseg/protocol";
import {
  type ConstraintStatus,
  defaultPolicy,
  evaluateConstraints,
  type ProfileBudgets,
  summaryFromResultDocument,
} from "@edgeseg/scoring";
import Table from "cli-table3";
import { fmt } from "../../cli/output.ts";

/** Summary: one row per model — accuracy, latency, per-case time, memory, validity. */
export function summaryTable(docs: readonly ResultDocument[]): string {
  const table = new Table({
    head: ["model", "backend", "DSC", "NSD", "p50 ms", "p90 ms", "case s", "load ms", "peak MB", "verdict"],
    style: { head: [], border: [] },
  });
  for (const d of docs) {
    table.push([
      // Labelled wherever shown: a skeleton's numbers are timing and memory only.
      `${d.model.id}@${d.model.version}${d.model.weights === "synthetic" ? "\n(synthetic weights: timing and memory only)" : ""}`,
      `${d.runtime.backend}/${d.runtime.intraOpThreads ? `${d.runtime.intraOpThreads}t` : "auto"}`,
      fmt(d.accuracy?.meanDice, 3),
      fmt(d.accuracy?.meanNsd, 3),
      fmt(d.timing?.singleStream.p50, 2),
      fmt(d.timing?.singleStream.p90, 2),
      fmt(d.timing ? d.timing.perCase.meanMs / 1000 : null, 2),
      fmt(d.timing?.sessionCreateMs, 0),
      fmt(d.resources?.peakRssMb, 0),
      d.status === "failed" ? `FAILED (${d.failure?.reason})` : d.validity.verdict,
    ]);
  }
  return table.toString();
}

/** Per-organ DSC / NSD, organs as rows and models as columns. */
export function organTable(docs: readonly ResultDocument[]): string {
  const organs = [...new Set(docs.flatMap((d) => Object.keys(d.accuracy?.organs ?? {})))].sort();
  const table = new Table({
    head: ["organ (DSC / NSD)", ...docs.map((d) => d.model.id)],
    style: { head: [], border: [] },
  });
  for (const organ of organs) {
    table.push([
      organ,
      ...docs.map((d) => {
        const o = d.accuracy?.organs[organ];
        return o ? `${fmt(o.meanDice, 3)} / ${fmt(o.meanNsd, 3)}` : "—";
      }),
    ]);
  }
  return table.toString();
}

/** Why a result is INVALID or failed, one line each, so nobody publishes it by mistake. */
export function validityNotes(docs: readonly ResultDocument[]): string[] {
  return docs.flatMap((d) => {
    const notes = d.validity.reasons.map((r) => `${d.model.id}: ${r}`);
    const advice = capAdvice(d);
    return advice ? [...notes, advice] : notes;
  });
}

/**
 * A SingleStream that stopped at its time cap short of the minimum query count was INVALID by
 * construction (a 0.9 s query cannot make 200 queries in 60 s): say so, and give the settings that fit
 * the measured p50. The tail rule keeps --min-queries at 100 or more for a VALID p99.
 */
export function capAdvice(d: ResultDocument): string | null {
  const ss = d.timing?.singleStream;
  const { minQueries, maxDurationMs } = d.scenario.singleStream;
  if (!ss || ss.p50 <= 0 || !ss.reasons.some((r) => r.includes("time cap"))) return null;
  if (ss.count >= minQueries) return null;
  const needS = Math.ceil(((minQueries * ss.p50) / 1000) * 1.2);
  const fit = Math.floor(maxDurationMs / ss.p50);
  return (
    `${d.model.id}: at a p50 of ${ss.p50.toFixed(0)} ms, ${minQueries} queries need about ${needS} s but the time cap is ` +
    `${maxDurationMs / 1000} s, so this run is INVALID by construction (the result is kept; the exit code is 10): ` +
    `pass --max-duration ${needS}${fit >= 100 ? ` or --min-queries ${fit}` : ""}`
  );
}

/**
 * The repeat rule's series: each repeat's SingleStream p50, their median, the CoV and the verdict.
 * null when no document repeated (agents or scenarios without a repeat rule).
 */
export function repeatsTable(docs: readonly ResultDocument[]): string | null {
  const repeated = docs.filter((d) => d.timing?.repeats);
  if (repeated.length === 0) return null;
  const most = Math.max(...repeated.map((d) => d.timing!.repeats!.p50Ms.length));
  const table = new Table({
    head: [
      "model (SingleStream repeats)",
      ...Array.from({ length: most }, (_, i) => `p50 #${i + 1}`),
      "median p50",
      "CoV",
      "max CoV",
      "stability",
    ],
    style: { head: [], border: [] },
  });
  for (const d of repeated) {
    const r = d.timing!.repeats!;
    table.push([
      `${d.model.id}@${d.model.version}`,
      ...Array.from({ length: most }, (_, i) => (i < r.p50Ms.length ? fmt(r.p50Ms[i], 2) : "")),
      fmt(r.medianP50Ms, 2),
      `${fmt(r.cov * 100, 1)} %`,
      d.scenario.repeats ? `${fmt(d.scenario.repeats.maxCov * 100, 1)} %` : "—",
      r.stability,
    ]);
  }
  return table.toString();
}

/** UNSTABLE runs, one line each: not INVALID, but their latency spread is above the rule's. */
export function stabilityNotes(docs: readonly ResultDocument[]): string[] {
  return docs.flatMap((d) => {
    const r = d.timing?.repeats;
    return r?.stability === "UNSTABLE" ? [`${d.model.id}: UNSTABLE — ${r.reason}`] : [];
  });
}

/** A device class's budgets as its firmware profile gives them (`edgeseg-agent info` prints them). */
export type ClassBudgets = ProfileBudgets;

/**
 * Each run judged against its device class's memory and per-case time budgets — constraints 1 and 3
 * as packages/scoring evaluates them for the leaderboard (the class's default policy: the budgets
 * `info` prints), one line per budget with its verdict and numbers. A skeleton's run is judged the
 * same way: memory and time do not depend on the weight values.
 */
export function budgetNotes(docs: readonly ResultDocument[], classes: readonly ClassBudgets[]): string[] {
  return docs.flatMap((d) => {
    const cls = classes.find((c) => c.id === d.device.deviceClass.id);
    if (!cls || d.status !== "succeeded") return [];
    const constraints = evaluateConstraints(summaryFromResultDocument(d), defaultPolicy(cls));
    const where = `${d.model.id} on ${d.device.deviceClass.name}`;
    return [
      `${where}: memory ${verdictWord(constraints.resources.status)} — ${constraints.resources.value} (budget ${cls.budgets.memoryMb} MB)`,
      `${where}: time per case ${verdictWord(constraints.executionTime.status)} — ${constraints.executionTime.value}`,
    ];
  });
}

const verdictWord = (status: ConstraintStatus) =>
  status === "pass" ? "PASS" : status === "fail" ? "FAIL" : "UNKNOWN";

/**
 * A promptable model's accuracy pass split into its graphs: encoder per slice, decoder per box, and how
 * many of each ran (timing.promptable). null when no document has it.
 */
export function promptableTable(docs: readonly ResultDocument[]): string | null {
  const rows = docs.filter((d) => d.timing?.promptable);
  if (rows.length === 0) return null;
  const table = new Table({
    head: ["model (promptable)", "slices encoded", "encoder ms/slice", "boxes decoded", "decoder ms/box"],
    style: { head: [], border: [] },
  });
  for (const d of rows) {
    const p = d.timing!.promptable!;
    table.push([
      `${d.model.id}@${d.model.version}`,
      String(p.slicesEncoded),
      fmt(p.encoderMsPerSlice, 1),
      String(p.boxesDecoded),
      fmt(p.decoderMsPerBox, 2),
    ]);
  }
  return table.toString();
}
