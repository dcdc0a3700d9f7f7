import type { z } from "zod";
import type { ResultDocument } from "./result.ts";

/**
 * Cross-field rules of the result document: values that each pass their own bounds but cannot be true
 * together (docs/protocol.md, "Impossible values"). JSON Schema cannot express them, so they are zod
 * refinements of resultDocumentSchema: every parse (the agent before it publishes, the hub before it
 * stores) applies them; protocol.schema.json does not carry them.
 *
 * Aggregates are recomputed exactly as the engine computes them (packages/bench src/run/aggregate.ts):
 * an organ's mean DSC/NSD over every listed case that has the organ, its HD95 mean over the finite
 * values, the document's mean over the organ means, per-case time from the cases' totalMs.
 */

/** DSC and NSD means: the engine's float sums, in any order, stay far inside this. */
export const MEAN_TOLERANCE = 1e-6;
/** Times: a part measured with performance.now() against a total from process.hrtime (ms). */
export const TIME_TOLERANCE_MS = 0.05;
/** No device this fleet targets has 1 TB of memory; a peak above it is a number, not a measurement. */
export const MAX_PEAK_RSS_MB = 1_000_000;
/** Resident memory cannot exceed the device's RAM; 4× leaves room for any reporting difference. */
export const PEAK_RSS_PER_RAM = 4;

type Issue = { path: (string | number)[]; message: string };

/** A computed value in a message, without float noise (0.8812500000000001 → 0.88125). */
const fmt = (v: number | null) => (v === null ? "null" : String(Number(v.toPrecision(12))));
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol;
const nearRel = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.max(1, Math.abs(b));

function statusRules(doc: ResultDocument, out: Issue[]): void {
  if (doc.status === "failed") {
    if (doc.failure === null)
      out.push({ path: ["failure"], message: "a failed run must say why (failure is null)" });
    if (doc.validity.verdict !== "INVALID")
      out.push({ path: ["validity", "verdict"], message: "a failed run cannot be VALID" });
  } else if (doc.failure !== null) {
    out.push({ path: ["failure"], message: "a succeeded run cannot carry a failure" });
  }
}

function latencyRules(doc: ResultDocument, out: Issue[]): void {
  const s = doc.timing?.singleStream;
  if (!s) return;
  const path = ["timing", "singleStream"];
  const order: [keyof typeof s, keyof typeof s][] = [
    ["min", "p50"],
    ["p50", "p90"],
    ["p90", "p99"],
    ["p99", "max"],
    ["min", "mean"],
    ["mean", "max"],
  ];
  for (const [lo, hi] of order) {
    if ((s[lo] as number) > (s[hi] as number))
      out.push({ path: [...path, lo], message: `${lo} ${s[lo]} ms exceeds ${hi} ${s[hi]} ms` });
  }
}

function caseTimingRules(doc: ResultDocument, out: Issue[]): void {
  const cases = doc.accuracy?.cases ?? [];
  cases.forEach((c, i) => {
    const t = c.timing;
    // Stages overlap (inference runs while the next batch is prepared), so only each stage is bounded.
    for (const part of ["readMs", "preprocessMs", "inferMs", "postprocessMs"] as const) {
      if (t[part] > t.totalMs + TIME_TOLERANCE_MS)
        out.push({
          path: ["accuracy", "cases", i, "timing", part],
          message: `${part} ${t[part]} exceeds the case's totalMs ${t.totalMs}`,
        });
    }
  });
  const perCase = doc.timing?.perCase;
  if (!perCase) return;
  const path = ["timing", "perCase"];
  if (perCase.p50Ms > perCase.maxMs + TIME_TOLERANCE_MS)
    out.push({ path: [...path, "p50Ms"], message: `p50Ms ${perCase.p50Ms} exceeds maxMs ${perCase.maxMs}` });
  if (perCase.meanMs > perCase.maxMs + TIME_TOLERANCE_MS)
    out.push({
      path: [...path, "meanMs"],
      message: `meanMs ${perCase.meanMs} exceeds maxMs ${perCase.maxMs}`,
    });
  if (cases.length === 0) return;
  const totals = cases.map((c) => c.timing.totalMs);
  if (perCase.count !== cases.length)
    out.push({
      path: [...path, "count"],
      message: `count ${perCase.count} but ${cases.length} cases are listed`,
    });
  const max = Math.max(...totals);
  if (!nearRel(perCase.maxMs, max, 1e-9))
    out.push({
      path: [...path, "maxMs"],
      message: `maxMs ${perCase.maxMs} but the cases' largest totalMs is ${fmt(max)}`,
    });
  const m = mean(totals);
  if (!nearRel(perCase.meanMs, m, 1e-6))
    out.push({
      path: [...path, "meanMs"],
      message: `meanMs ${perCase.meanMs} but the cases' totalMs average ${fmt(m)}`,
    });
  const wall = doc.resources?.wallMs;
  const sum = totals.reduce((a, b) => a + b, 0);
  // The cases run one after another inside the measured child process.
  if (wall !== undefined && sum > wall + TIME_TOLERANCE_MS)
    out.push({
      path: ["resources", "wallMs"],
      message: `wallMs ${wall} is less than the cases' summed totalMs ${fmt(sum)}`,
    });
}

function accuracyRules(doc: ResultDocument, out: Issue[]): void {
  const acc = doc.accuracy;
  if (!acc) return;
  // Weights filled from a skeleton's statistics segment nothing: their accuracy is not measured.
  if (doc.model.weights === "synthetic")
    out.push({ path: ["accuracy"], message: "synthetic weights measure no accuracy: accuracy must be null" });
  const organNames = Object.keys(acc.organs);
  if (acc.cases.length > 0) {
    const seen = new Map<string, { dice: number[]; nsd: number[]; hd95: number[] }>();
    for (const c of acc.cases) {
      for (const [organ, m] of Object.entries(c.organs)) {
        const e = seen.get(organ) ?? { dice: [], nsd: [], hd95: [] };
        e.dice.push(m.dice);
        e.nsd.push(m.nsd);
        if (m.hd95 !== null) e.hd95.push(m.hd95);
        seen.set(organ, e);
      }
    }
    for (const organ of seen.keys()) {
      if (!(organ in acc.organs))
        out.push({
          path: ["accuracy", "organs", organ],
          message: `the cases list ${organ} but no aggregate does`,
        });
    }
    for (const [organ, agg] of Object.entries(acc.organs)) {
      const path = ["accuracy", "organs", organ];
      const e = seen.get(organ);
      if (!e) {
        out.push({ path, message: `aggregate for ${organ}, which no listed case has` });
        continue;
      }
      if (agg.n !== e.dice.length)
        out.push({ path: [...path, "n"], message: `n ${agg.n} but ${e.dice.length} cases have ${organ}` });
      const dice = mean(e.dice);
      if (!near(agg.meanDice, dice, MEAN_TOLERANCE))
        out.push({
          path: [...path, "meanDice"],
          message: `meanDice ${agg.meanDice} but its cases' DSC average ${fmt(dice)}`,
        });
      const nsd = mean(e.nsd);
      if (!near(agg.meanNsd, nsd, MEAN_TOLERANCE))
        out.push({
          path: [...path, "meanNsd"],
          message: `meanNsd ${agg.meanNsd} but its cases' NSD average ${fmt(nsd)}`,
        });
      const hd95 = e.hd95.length > 0 ? mean(e.hd95) : null;
      if (hd95 === null ? agg.meanHd95 !== null : agg.meanHd95 === null || !nearRel(agg.meanHd95, hd95, 1e-6))
        out.push({
          path: [...path, "meanHd95"],
          message: `meanHd95 ${agg.meanHd95} but its cases' finite HD95 average ${fmt(hd95)}`,
        });
    }
  }
  // The document's means weigh each organ the same (packages/bench overallMeans).
  for (const key of ["meanDice", "meanNsd"] as const) {
    const claimed = acc[key];
    if (organNames.length === 0) {
      if (claimed !== null)
        out.push({ path: ["accuracy", key], message: `${key} ${claimed} without any organ aggregate` });
      continue;
    }
    const expected = mean(Object.values(acc.organs).map((o) => o[key]));
    if (claimed === null || !near(claimed, expected, MEAN_TOLERANCE))
      out.push({
        path: ["accuracy", key],
        message: `${key} ${claimed} but the organs' ${key} average ${fmt(expected)}`,
      });
  }
}

function resourceRules(doc: ResultDocument, out: Issue[]): void {
  const peak = doc.resources?.peakRssMb;
  if (peak === undefined) return;
  const ram = doc.device.ramMb;
  const bound = ram > 0 ? Math.min(MAX_PEAK_RSS_MB, ram * PEAK_RSS_PER_RAM) : MAX_PEAK_RSS_MB;
  if (peak > bound)
    out.push({
      path: ["resources", "peakRssMb"],
      message: `peakRssMb ${peak} is beyond what a device with ${ram} MB of RAM can hold (at most ${bound})`,
    });
}

/** Every cross-field rule the document breaks; empty for a document an honest agent produced. */
export function impossibleValues(doc: ResultDocument): Issue[] {
  const out: Issue[] = [];
  statusRules(doc, out);
  latencyRules(doc, out);
  caseTimingRules(doc, out);
  accuracyRules(doc, out);
  resourceRules(doc, out);
  return out;
}

/** The refinement resultDocumentSchema applies: each broken rule is an issue at the field it names. */
export function refineResultDocument(doc: ResultDocument, ctx: z.RefinementCtx): void {
  for (const issue of impossibleValues(doc)) ctx.addIssue({ code: "custom", ...issue });
}
