import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { DeviceInfo } from "@edgeseg/protocol";
import { z } from "zod";

const profilesDir = fileURLToPath(new URL("../../../../firmware-profiles/", import.meta.url));

/** Profile ids are file names in firmware-profiles/; anything else never touches the file system. */
export const deviceClassIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

const budgetsSchema = z.object({
  budgets: z.object({ memoryMb: z.number().positive(), caseTimeSeconds: z.number().positive() }),
});

/**
 * No per-class clinical accuracy threshold is defined yet (constraint 2): 0.7 DSC and NSD, editable
 * per class in the database until the scoring package sets them.
 */
const DEFAULT_THRESHOLD = 0.7;
/** Budgets of an unknown class: generic-arm64's, the most conservative fallback profile. */
const UNKNOWN_BUDGETS = { memoryMb: 1024, caseTimeSeconds: 300 };

/**
 * The DeviceClass row to create when an enrolling device reports a class the hub has not seen: its
 * budgets from firmware-profiles/<id>.json when that profile exists. An existing row is never
 * changed (an admin may have tuned it).
 */
export async function deviceClassRow(cls: DeviceInfo["deviceClass"]) {
  let budgets = UNKNOWN_BUDGETS;
  let profile: unknown = null;
  try {
    profile = JSON.parse(await readFile(`${profilesDir}${cls.id}.json`, "utf8"));
    budgets = budgetsSchema.parse(profile).budgets;
  } catch {
    profile = null;
  }
  return {
    id: cls.id,
    name: cls.name,
    memoryBudgetMb: budgets.memoryMb,
    caseTimeBudgetS: budgets.caseTimeSeconds,
    diceThreshold: DEFAULT_THRESHOLD,
    nsdThreshold: DEFAULT_THRESHOLD,
    ...(profile ? { profile: profile as object } : {}),
  };
}
