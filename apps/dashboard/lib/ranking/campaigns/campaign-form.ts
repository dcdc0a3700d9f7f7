import type { CampaignInput } from "@edgeseg/registry";

/** The create-campaign form's fields (FormData or anything with get/getAll). */
export interface CampaignFormInput {
  get(name: string): FormDataEntryValue | null;
  getAll(name: string): FormDataEntryValue[];
}

const text = (form: CampaignFormInput, name: string) => String(form.get(name) ?? "").trim();

/** Values from repeated fields (multi-selects, checkboxes) and comma/space separated text fields. */
function list(form: CampaignFormInput, ...names: string[]): string[] {
  const values = names.flatMap((n) => form.getAll(n).flatMap((v) => String(v).split(/[\s,]+/)));
  return [...new Set(values.filter((v) => v !== ""))];
}

/** A whole number from an optional field: undefined when empty, NaN (refused by the schema) when not a number. */
function optionalNumber(form: CampaignFormInput, name: string): number | undefined {
  const value = text(form, name);
  return value === "" ? undefined : Number(value);
}

/**
 * The campaign the form describes, for `createCampaign` (which validates it and names bad fields).
 * Scenario overrides are set only where the researcher typed a value: SingleStream minimum duration
 * (seconds on the form, milliseconds in the job), minimum query count, and the number of cases.
 */
export function campaignFromForm(form: CampaignFormInput, createdBy: string): CampaignInput {
  const minDurationS = optionalNumber(form, "minDurationS");
  const minQueries = optionalNumber(form, "minQueries");
  const maxCases = optionalNumber(form, "maxCases");
  const timeoutMin = optionalNumber(form, "timeoutMin");
  const singleStream = {
    ...(minDurationS !== undefined ? { minDurationMs: Math.round(minDurationS * 1000) } : {}),
    ...(minQueries !== undefined ? { minQueries } : {}),
  };
  const overrides = {
    ...(Object.keys(singleStream).length > 0 ? { singleStream } : {}),
    ...(maxCases !== undefined ? { maxCases } : {}),
  };
  const target = {
    ...nonEmpty("deviceClassIds", list(form, "classes")),
    ...nonEmpty("tags", list(form, "tags", "tagsText")),
    ...nonEmpty("deviceIds", list(form, "devices", "devicesText")),
  };
  return {
    name: text(form, "name"),
    suiteId: text(form, "suite"),
    modelIds: list(form, "models"),
    target,
    ...(Object.keys(overrides).length > 0 ? { scenarioOverrides: overrides } : {}),
    ...(timeoutMin !== undefined ? { timeoutMs: Math.round(timeoutMin * 60_000) } : {}),
    createdBy,
  };
}

function nonEmpty<K extends string>(key: K, values: string[]): Partial<Record<K, string[]>> {
  return values.length > 0 ? ({ [key]: values } as Record<K, string[]>) : {};
}
