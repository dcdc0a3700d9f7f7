import {
  type FineTuningOverrides,
  type ResultDocument,
  type ScenarioOverrides,
  scenarioOverridesSchema,
} from "@edgeseg/protocol";

/** What the hub dispatched, as the job's rows hold it. */
export interface DispatchedJob {
  modelId: string;
  modelVersion: string;
  /** The catalogue's manifest hash for the job's model (Model.manifestSha256). */
  manifestSha256: string;
  suiteSha256: string;
  /** Suite.definition as stored by the registry; only its dataset hash is read. */
  suiteDefinition: unknown;
  /** Campaign.overrides: the scenario fields the job message sent on top of the suite's. */
  overrides: unknown;
}

/**
 * Why a result does not answer the job it names, or null when it does. Compared is what the hub can
 * know: the model (id, version and the catalogue's manifest hash), the suite hash, the suite's dataset
 * hash, and every scenario field the campaign overrode (all the job message carries). The base the
 * agent applies them to is a suite it bundles, whose hash must be the job's, or the engine's default
 * scenario for a suite it does not bundle; the hub cannot tell which, so the base is not compared.
 */
export function jobMismatch(doc: ResultDocument, job: DispatchedJob): string | null {
  if (
    doc.model.id !== job.modelId ||
    doc.model.version !== job.modelVersion ||
    doc.suite?.sha256 !== job.suiteSha256
  )
    return "its job named another model or suite";
  if (doc.model.manifestSha256 !== job.manifestSha256)
    return `its model manifest sha256 ${short(doc.model.manifestSha256)} is not the catalogue's ${short(job.manifestSha256)} for ${job.modelId}@${job.modelVersion}`;
  const dataset = suiteDatasetSha256(job.suiteDefinition);
  if (dataset !== null && doc.dataset.sha256 !== dataset)
    return `its dataset sha256 ${short(doc.dataset.sha256)} is not the suite's ${short(dataset)}`;
  const overrides = scenarioOverridesSchema.safeParse(job.overrides ?? {});
  // The dispatcher refuses to send a job with unreadable overrides; such a job was never answered.
  if (!overrides.success) return "its campaign's stored scenario overrides are unreadable";
  const differs = [
    ...scenarioDifferences(doc.scenario, overrides.data),
    ...fineTuningDifferences(doc.fineTuning, overrides.data.fineTuning),
  ];
  if (differs.length > 0) return `its scenario differs from the one the job sent (${differs.join(", ")})`;
  return null;
}

/** Each overridden field whose value in the document is another, as "field: sent → reported". */
export function scenarioDifferences(scenario: ResultDocument["scenario"], o: ScenarioOverrides): string[] {
  const out: string[] = [];
  const check = (field: string, sent: unknown, reported: unknown) => {
    if (sent !== undefined && sent !== reported) out.push(`${field}: ${String(sent)} → ${String(reported)}`);
  };
  for (const [k, v] of Object.entries(o.singleStream ?? {}))
    check(`singleStream.${k}`, v, scenario.singleStream[k as keyof typeof scenario.singleStream]);
  for (const [k, v] of Object.entries(o.offline ?? {}))
    check(`offline.${k}`, v, scenario.offline[k as keyof typeof scenario.offline]);
  check("warmupQueries", o.warmupQueries, scenario.warmupQueries);
  check("nsdToleranceMm", o.nsdToleranceMm, scenario.nsdToleranceMm);
  check("maxCases", o.maxCases, scenario.maxCases);
  return out;
}

/**
 * The fine-tuning sizes a job sent that its result's fine-tuning block contradicts: slices trained on and
 * test cases scored must be the sent ones, steps and epochs at most the sent caps (a plateau or the step
 * cap ends a fine-tuning early). A result without a block (fine-tuning not measured) contradicts nothing.
 */
export function fineTuningDifferences(
  block: ResultDocument["fineTuning"],
  o: FineTuningOverrides | undefined,
): string[] {
  if (!block || !o) return [];
  const out: string[] = [];
  const exact = (field: string, sent: number | undefined, reported: number) => {
    if (sent !== undefined && sent !== reported) out.push(`fineTuning.${field}: ${sent} → ${reported}`);
  };
  const atMost = (field: string, sent: number | undefined, reported: number) => {
    if (sent !== undefined && reported > sent) out.push(`fineTuning.${field}: at most ${sent} → ${reported}`);
  };
  exact("trainSlices", o.trainSlices, block.site.trainSlices);
  exact("testCases", o.testCases, block.site.testCases);
  atMost("maxSteps", o.maxSteps, block.steps);
  atMost("epochs", o.epochs, block.epochs);
  return out;
}

function suiteDatasetSha256(definition: unknown): string | null {
  if (typeof definition !== "object" || definition === null) return null;
  const dataset = (definition as { dataset?: unknown }).dataset;
  if (typeof dataset !== "object" || dataset === null) return null;
  const sha = (dataset as { sha256?: unknown }).sha256;
  return typeof sha === "string" ? sha : null;
}

const short = (sha: string) => `${sha.slice(0, 12)}…`;
