import type { CampaignResult } from "@edgeseg/db";
import type { CsvValue } from "./csv.ts";

type Organ = CampaignResult["organs"][number];

/**
 * The campaign CSV export: one row per result × organ (a result without per-organ metrics, e.g. a
 * failed run, has one row with the organ columns empty). Each column with what it holds; the
 * dashboard README repeats this list.
 */
export const CSV_COLUMNS: {
  name: string;
  doc: string;
  get: (r: CampaignResult, o: Organ | null) => CsvValue;
}[] = [
  { name: "campaign_id", doc: "the campaign", get: (r) => r.campaignId },
  { name: "job_id", doc: "the job the result answers", get: (r) => r.jobId },
  { name: "result_id", doc: "the result document's id (UUID)", get: (r) => r.resultId },
  { name: "device_id", doc: "the device that ran it", get: (r) => r.deviceId },
  { name: "device_class", doc: "its device class (firmware profile id)", get: (r) => r.deviceClassId },
  { name: "model_id", doc: "model id", get: (r) => r.modelId },
  { name: "model_version", doc: "model version", get: (r) => r.modelVersion },
  { name: "suite_sha256", doc: "the suite's content hash", get: (r) => r.suiteSha256 },
  { name: "dataset_sha256", doc: "the dataset's content hash", get: (r) => r.datasetSha256 },
  { name: "status", doc: "succeeded or failed", get: (r) => r.status },
  { name: "verdict", doc: "VALID or INVALID (only VALID results are ranked)", get: (r) => r.verdict },
  { name: "reasons", doc: "why INVALID or failed, '; '-separated", get: (r) => r.reasons.join("; ") },
  { name: "backend", doc: "node (onnxruntime-node) or wasm (onnxruntime-web)", get: (r) => r.backend },
  {
    name: "weights",
    doc: "synthetic weights: timing and memory only (a skeleton filled on the device), or own",
    get: (r) => r.weights,
  },
  { name: "mean_dice", doc: "mean DSC over cases and organs", get: (r) => r.meanDice },
  { name: "mean_nsd", doc: "mean NSD at the suite's tolerance", get: (r) => r.meanNsd },
  { name: "min_organ_dice", doc: "the worst organ's mean DSC", get: (r) => r.minOrganDice },
  { name: "min_organ_nsd", doc: "the worst organ's mean NSD", get: (r) => r.minOrganNsd },
  { name: "per_case_mean_ms", doc: "mean end-to-end wall time per case, ms", get: (r) => r.perCaseMeanMs },
  { name: "p50_ms", doc: "SingleStream latency median, ms", get: (r) => r.p50Ms },
  { name: "p90_ms", doc: "SingleStream latency 90th percentile, ms", get: (r) => r.p90Ms },
  { name: "p99_ms", doc: "SingleStream latency 99th percentile, ms", get: (r) => r.p99Ms },
  { name: "peak_rss_mb", doc: "peak resident memory of the run, MB", get: (r) => r.peakRssMb },
  { name: "throttled", doc: "thermal throttling seen (empty: not reported)", get: (r) => r.throttled },
  { name: "created_at", doc: "when the run finished on the device (UTC)", get: (r) => r.createdAt },
  { name: "received_at", doc: "when the hub stored it (UTC)", get: (r) => r.receivedAt },
  { name: "organ", doc: "canonical organ name (empty: no per-organ metrics)", get: (_, o) => o?.organ },
  { name: "organ_label", doc: "the organ's label value in the dataset", get: (_, o) => o?.labelValue },
  { name: "organ_cases", doc: "cases the organ's means are over", get: (_, o) => o?.n },
  { name: "organ_mean_dice", doc: "the organ's mean DSC", get: (_, o) => o?.meanDice },
  { name: "organ_mean_nsd", doc: "the organ's mean NSD", get: (_, o) => o?.meanNsd },
  {
    name: "organ_mean_hd95",
    doc: "the organ's mean HD95, mm (finite cases only)",
    get: (_, o) => o?.meanHd95,
  },
];

/** The CSV rows of a campaign's results, in the columns above. */
export function csvRows(results: CampaignResult[]): CsvValue[][] {
  return results.flatMap((r) =>
    (r.organs.length > 0 ? r.organs : [null]).map((o) => CSV_COLUMNS.map((c) => c.get(r, o))),
  );
}
