import type { ResultDocument } from "@edgeseg/protocol";
import type { ClassFigure } from "./fleet/class-figure.ts";

/**
 * One result's on-device fine-tuning (its fineTuning block), as the fleet rule reads it: the failure's
 * reason when it failed; time to plateau is the plateau's time, else the whole fine-tuning's.
 */
export interface MeasuredFineTuning {
  status: "succeeded" | "failed";
  failure: string | null;
  stepMs: number | null;
  plateauMs: number | null;
  peakRssMb: number | null;
  diceBefore: number | null;
  diceAfter: number | null;
}

export interface OrganSummary {
  meanDice: number;
  meanNsd: number;
}

/**
 * What one model contributes to a ranking on one (suite, device class): a single result's numbers
 * (summaryFromResultDocument) or the class's fleet figure (fleetSummary: medians across devices), plus
 * the model's manifest facts. Every number may be missing (null): a run that
 * crashed, a platform without throttling flags, an older agent. Missing never means zero.
 */
export interface ModelRunSummary {
  model: {
    id: string;
    version: string;
    family: ResultDocument["model"]["family"] | null;
    /**
     * The manifest's on-device fine-tuning statement (a claim, shown as such); null when the manifest is
     * not known. The fine-tuning constraint judges `fineTuningRun` / `fleet`, never this.
     */
    fineTuning: { supported: boolean; notes: string } | null;
  };
  resultId: string | null;
  status: ResultDocument["status"];
  verdict: ResultDocument["validity"]["verdict"];
  /** Why the run is INVALID (the document's validity.reasons); empty for VALID runs. */
  verdictReasons: string[];
  meanDice: number | null;
  meanNsd: number | null;
  /** Per-organ means by canonical organ name; null when the per-organ rows were not loaded. */
  perOrgan: Record<string, OrganSummary> | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  /** null where the platform exposes no throttling flags. */
  throttled: boolean | null;
  /**
   * Inference ran on the device and only aggregate numbers left it (constraint 4). True for every
   * result an edgeseg agent reports: its result document cannot carry image data. null when the
   * result's origin is not known (e.g. imported from elsewhere).
   */
  executedOnDevice: boolean | null;
  /**
   * Bytes the agent sent during the run's job (its egress audit, docs/data-locality.md); null when
   * the result carries no audit. For a fleet, `fleet.egress` holds the audit of every counted run.
   */
  egressBytes: number | null;
  /** The same audit's message count and largest single message, bytes; null without an audit. */
  egressMessages: number | null;
  egressLargestBytes: number | null;
  /** The single result's measured fine-tuning; null when it carries none (and for a fleet: see `fleet`). */
  fineTuningRun: MeasuredFineTuning | null;
  /**
   * The fleet behind the numbers: when set, the numbers above are the class's medians across devices
   * (each device by the median of its own runs) and budgets are judged per device at the policy's
   * fleet quantile. null for the summary of a single result.
   */
  fleet: ClassFigure | null;
}

/** The summary of one result document, as an agent reported it. */
export function summaryFromResultDocument(doc: ResultDocument): ModelRunSummary {
  const perCase = doc.timing?.perCase;
  const latency = doc.timing?.singleStream;
  const timed = latency !== undefined && latency.count > 0;
  return {
    model: {
      id: doc.model.id,
      version: doc.model.version,
      family: doc.model.family,
      fineTuning: { ...doc.model.fineTuning },
    },
    resultId: doc.resultId,
    status: doc.status,
    verdict: doc.validity.verdict,
    verdictReasons: [...doc.validity.reasons],
    meanDice: doc.accuracy?.meanDice ?? null,
    meanNsd: doc.accuracy?.meanNsd ?? null,
    perOrgan: doc.accuracy
      ? Object.fromEntries(
          Object.entries(doc.accuracy.organs).map(([organ, a]) => [
            organ,
            { meanDice: a.meanDice, meanNsd: a.meanNsd },
          ]),
        )
      : null,
    // A run that timed no case has no per-case time; 0 ms would rank it fastest.
    perCaseMeanMs: perCase && perCase.count > 0 ? perCase.meanMs : null,
    p50Ms: timed ? latency.p50 : null,
    p90Ms: timed ? latency.p90 : null,
    p99Ms: timed ? latency.p99 : null,
    peakRssMb: doc.resources?.peakRssMb ?? null,
    throttled: doc.resources?.throttling.observed ?? null,
    executedOnDevice: true,
    egressBytes: doc.egress?.bytesOut ?? null,
    egressMessages: doc.egress?.messages ?? null,
    egressLargestBytes: doc.egress?.largestMessageBytes ?? null,
    fineTuningRun: doc.fineTuning ? measuredFineTuning(doc.fineTuning) : null,
    fleet: null,
  };
}

function measuredFineTuning(block: NonNullable<ResultDocument["fineTuning"]>): MeasuredFineTuning {
  return {
    status: block.status,
    failure: block.failure?.reason ?? null,
    stepMs: block.stepMs?.p50 ?? null,
    plateauMs: block.plateau?.ms ?? block.totalMs,
    peakRssMb: block.peakRssMb,
    diceBefore: block.before?.meanDice ?? null,
    diceAfter: block.after?.meanDice ?? null,
  };
}

export function modelLabel(summary: Pick<ModelRunSummary, "model">): string {
  return `${summary.model.id}@${summary.model.version}`;
}
