import { resolve } from "node:path";
import type { ResultDocument } from "@edgeseg/protocol";

/** Every string in a JSON value with `replace` applied; other values as they were. */
function mapStrings<T>(value: T, replace: (s: string) => string): T {
  if (typeof value === "string") return replace(value) as T;
  if (Array.isArray(value)) return value.map((v) => mapStrings(v, replace)) as T;
  if (value && typeof value === "object" && !Buffer.isBuffer(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapStrings(v, replace)])) as T;
  }
  return value;
}

const replaceAll = (s: string, pairs: readonly (readonly [string, string])[]) =>
  pairs.reduce((out, [from, to]) => (from && out.includes(from) ? out.split(from).join(to) : out), s);

/**
 * A message with every configured local dataset's path replaced by `<dataset ID>`: a clinic's
 * directory names (often a patient, a study or a date) stay on the device, in errors and acks too
 * (docs/data-locality.md). Longest paths first, so a dataset inside another is named as itself.
 */
export function hideLocalPaths<T>(message: T, datasets: Record<string, string>): T {
  const pairs = Object.entries(datasets)
    .flatMap(([id, dir]) => [...new Set([dir, resolve(dir)])].map((d) => [d, `<dataset ${id}>`] as const))
    .sort((a, b) => b[0].length - a[0].length);
  if (pairs.length === 0) return message;
  return mapStrings(message, (s) => replaceAll(s, pairs));
}

/**
 * A local dataset's result without the dataset's own names: its id (dataset.json's name, else its
 * directory's) becomes the job's dataset id, which the hub gave; its case ids (file names, e.g.
 * `smith_j_2026_0000.nii.gz` → `smith_j_2026`) become their rank in the dataset's sorted case list,
 * `case-0001`…, so the same dataset gives the same pseudonyms on every device. Free text (failure
 * message, validity reasons) gets the same replacements.
 */
export function hideLocalDataset(
  doc: ResultDocument,
  local: { jobDatasetId: string; caseIds: readonly string[] },
): ResultDocument {
  const rank = new Map(local.caseIds.map((id, i) => [id, `case-${String(i + 1).padStart(4, "0")}`]));
  const seen = doc.accuracy?.cases.map((c) => c.caseId) ?? [];
  for (const [i, id] of seen.entries()) if (!rank.has(id)) rank.set(id, `case-x${i + 1}`);
  // Longest first: case "ab_10" must not be rewritten through case "ab_1".
  const pairs = [...rank.entries(), [doc.dataset.id, local.jobDatasetId] as [string, string]].sort(
    (a, b) => b[0].length - a[0].length,
  );
  const text = (s: string) => replaceAll(s, pairs);
  return {
    ...doc,
    dataset: { ...doc.dataset, id: local.jobDatasetId },
    failure: doc.failure ? { ...doc.failure, message: text(doc.failure.message) } : doc.failure,
    accuracy: doc.accuracy
      ? {
          ...doc.accuracy,
          cases: doc.accuracy.cases.map((c) => ({ ...c, caseId: rank.get(c.caseId) ?? c.caseId })),
        }
      : doc.accuracy,
    validity: { ...doc.validity, reasons: doc.validity.reasons.map(text) },
  };
}
