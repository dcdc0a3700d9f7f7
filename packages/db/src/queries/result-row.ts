import type { ResultDocument } from "@edgeseg/protocol";
import type { Prisma } from "../generated/prisma/client.ts";

export interface ResultContext {
  /** The authenticated device that published the result (not the document's say-so). */
  deviceId: string;
  deviceClassId: string;
  /** The job the result answers, when it came from a campaign. */
  jobId?: string;
  /** The device's signature over the document, already verified by the caller (the hub's ingest). */
  signature?: string;
  /** Why this run must not be ranked whatever job it answers (e.g. it arrived unsigned). */
  unrankable?: string;
}

/**
 * The Result row for a validated document: the numbers every ranking filters or sorts on become
 * columns, the document itself is kept whole. The jobId is linked separately (see linkJob).
 */
export function resultRow(doc: ResultDocument, ctx: ResultContext): Prisma.ResultUncheckedCreateInput {
  const organs = organRows(doc);
  const perCase = doc.timing?.perCase;
  const latency = doc.timing?.singleStream;
  const repeats = doc.timing?.repeats ?? null;
  return {
    id: doc.resultId,
    deviceId: ctx.deviceId,
    deviceClassId: ctx.deviceClassId,
    modelId: doc.model.id,
    modelVersion: doc.model.version,
    suiteSha256: doc.suite?.sha256 ?? null,
    datasetSha256: doc.dataset.sha256,
    status: doc.status,
    verdict: doc.validity.verdict,
    backend: doc.runtime.backend,
    meanDice: doc.accuracy?.meanDice ?? null,
    meanNsd: doc.accuracy?.meanNsd ?? null,
    minOrganDice: organs.length > 0 ? Math.min(...organs.map((o) => o.meanDice)) : null,
    minOrganNsd: organs.length > 0 ? Math.min(...organs.map((o) => o.meanNsd)) : null,
    // A run that timed no case has no per-case time; 0 ms would rank it fastest.
    perCaseMeanMs: perCase && perCase.count > 0 ? perCase.meanMs : null,
    p50Ms: latency && latency.count > 0 ? latency.p50 : null,
    p90Ms: latency && latency.count > 0 ? latency.p90 : null,
    p99Ms: latency && latency.count > 0 ? latency.p99 : null,
    peakRssMb: doc.resources?.peakRssMb ?? null,
    throttled: doc.resources?.throttling.observed ?? null,
    stable: repeats ? repeats.stability === "STABLE" : null,
    p50Cov: repeats ? repeats.cov : null,
    energyPerCaseJ: doc.resources?.energy?.perCaseJ ?? null,
    ramGbS: doc.resources?.ramTimeGbS ?? null,
    egressBytes: doc.egress?.bytesOut ?? null,
    egressMessages: doc.egress?.messages ?? null,
    egressLargestBytes: doc.egress?.largestMessageBytes ?? null,
    ...fineTuningColumns(doc.fineTuning),
    // Until linkJob finds the job this run answers, it is the device's own run: kept, never ranked.
    unrankedReason: ctx.unrankable ?? "started on the device, not dispatched by the hub",
    signature: ctx.signature ?? null,
    createdAt: new Date(doc.createdAt),
    document: JSON.stringify(doc),
    organs: { create: organs },
  };
}

/**
 * The fine-tuning block's figures as the block reports them (none without a block). Time to plateau is
 * the plateau's time, else the whole fine-tuning's (no plateau within the run); which runs' numbers a
 * device figure takes is @edgeseg/scoring's deviceFigure.
 */
function fineTuningColumns(block: ResultDocument["fineTuning"]) {
  if (!block) {
    return {
      fineTuningStatus: null,
      fineTuningFailure: null,
      fineTuningStepMs: null,
      fineTuningPlateauMs: null,
      fineTuningPeakRssMb: null,
      fineTuningDiceBefore: null,
      fineTuningDiceAfter: null,
    };
  }
  return {
    fineTuningStatus: block.status,
    fineTuningFailure: block.failure?.reason ?? null,
    fineTuningStepMs: block.stepMs?.p50 ?? null,
    fineTuningPlateauMs: block.plateau?.ms ?? block.totalMs,
    fineTuningPeakRssMb: block.peakRssMb,
    fineTuningDiceBefore: block.before?.meanDice ?? null,
    fineTuningDiceAfter: block.after?.meanDice ?? null,
  };
}

/** Per-organ aggregates; the label value comes from the first case that reports the organ. */
export function organRows(doc: ResultDocument): Prisma.ResultOrganCreateWithoutResultInput[] {
  const accuracy = doc.accuracy;
  if (!accuracy) return [];
  return Object.entries(accuracy.organs).map(([organ, aggregate]) => ({
    organ,
    labelValue: accuracy.cases.find((c) => c.organs[organ] !== undefined)?.organs[organ]?.labelValue ?? null,
    n: aggregate.n,
    meanDice: aggregate.meanDice,
    meanNsd: aggregate.meanNsd,
    meanHd95: aggregate.meanHd95,
  }));
}
