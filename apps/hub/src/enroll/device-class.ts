import { access } from "node:fs/promises";
import { join } from "node:path";
import { type DeviceProfile, defaultProfilesDir, loadProfile } from "@edgeseg/engine-core/device-profile";
import type { DeviceInfo } from "@edgeseg/protocol";

/** Profile ids are file names in firmware-profiles/; anything else never touches the file system. */
export const deviceClassIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * No per-class clinical accuracy threshold is defined yet (constraint 2): 0.7 DSC and NSD, editable
 * per class in the database until the scoring package sets them.
 */
const DEFAULT_THRESHOLD = 0.7;
/** Budgets of a class without a profile come from the most conservative fallback profile. */
const FALLBACK_CLASS = "generic-arm64";

/** The class's profile through the engine's validating loader; null when no profile file exists. */
async function profileFor(id: string): Promise<DeviceProfile | null> {
  if (!deviceClassIdPattern.test(id)) return null;
  const file = join(defaultProfilesDir, `${id}.json`);
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  // A profile that exists but does not validate is a broken installation: loadProfile says which field.
  return exists ? loadProfile(file) : null;
}

/**
 * The DeviceClass row to create when an enrolling device reports a class the hub has not seen: its
 * budgets from firmware-profiles/<id>.json when that profile exists. An existing row is never
 * changed (an admin may have tuned it).
 */
export async function deviceClassRow(cls: DeviceInfo["deviceClass"]) {
  const profile = await profileFor(cls.id);
  const budgets = (profile ?? (await profileFor(FALLBACK_CLASS)))?.budgets;
  if (!budgets) throw new Error(`firmware-profiles/${FALLBACK_CLASS}.json is missing: reinstall edgeseg`);
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
