import { AppError } from "@edgeseg/protocol";
import { type ClassPolicy, CONSTRAINT_KEYS, type OrganThreshold, parseClassPolicy } from "@edgeseg/scoring";

/** The policy form's fields (`FormData` entries; `hard` repeats once per ticked constraint). */
export interface PolicyFormInput {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

/** Per-organ thresholds as the form's text area shows them: `organ DSC NSD` per line, `-` for none. */
export function formatOrganThresholds(thresholds: Record<string, OrganThreshold>): string {
  return Object.entries(thresholds)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([organ, t]) => `${organ} ${t.dice ?? "-"} ${t.nsd ?? "-"}`)
    .join("\n");
}

export function parseOrganThresholds(text: string): Record<string, OrganThreshold> {
  const out: Record<string, OrganThreshold> = {};
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const [organ, dice, nsd, ...extra] = line.split(/\s+/);
    if (!organ || dice === undefined || nsd === undefined || extra.length > 0) {
      throw new AppError(
        "INPUT",
        `organ thresholds line ${i + 1} ("${line}"): write "organ DSC NSD", e.g. "pancreas 0.7 0.7" (- for none)`,
      );
    }
    const value = (v: string) => (v === "-" ? undefined : Number(v));
    const threshold: OrganThreshold = {};
    const d = value(dice);
    const n = value(nsd);
    if (d !== undefined) threshold.dice = d;
    if (n !== undefined) threshold.nsd = n;
    out[organ] = threshold;
  });
  return out;
}

const text = (form: PolicyFormInput, name: string) => String(form.get(name) ?? "").trim();
// An empty field becomes NaN, which the policy schema names as an invalid number.
const number = (form: PolicyFormInput, name: string) =>
  text(form, name) === "" ? Number.NaN : Number(text(form, name));

/** The policy an admin submitted for a device class, validated; AppError INPUT names each bad field. */
export function parsePolicyForm(form: PolicyFormInput, classId: string): ClassPolicy {
  const hard = form.getAll("hard").map(String);
  const unknown = hard.filter((h) => !(CONSTRAINT_KEYS as readonly string[]).includes(h));
  if (unknown.length > 0) throw new AppError("INPUT", `unknown hard constraint(s): ${unknown.join(", ")}`);
  return parseClassPolicy(
    {
      memoryBudgetMb: number(form, "memoryBudgetMb"),
      caseTimeBudgetS: number(form, "caseTimeBudgetS"),
      diceThreshold: number(form, "diceThreshold"),
      nsdThreshold: number(form, "nsdThreshold"),
      organThresholds: parseOrganThresholds(text(form, "organThresholds")),
      weights: {
        accuracy: number(form, "weightAccuracy"),
        speed: number(form, "weightSpeed"),
        memory: number(form, "weightMemory"),
        fineTuning: number(form, "weightFineTuning"),
      },
      failPenalty: number(form, "failPenalty"),
      fleetQuantile: number(form, "fleetQuantile"),
      egressBoundKb: number(form, "egressBoundKb"),
      fineTuningBudgetMinutes: number(form, "fineTuningBudgetMinutes"),
      hardConstraints: CONSTRAINT_KEYS.filter((k) => hard.includes(k)),
    },
    `device class ${classId}`,
  );
}
