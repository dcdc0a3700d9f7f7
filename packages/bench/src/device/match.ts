import type { DeviceProfile } from "@edgeseg/engine-core/device-profile";
import { AppError } from "@edgeseg/protocol";
import { type DetectionInput, evaluateRule } from "./rule-match.ts";

export interface DeviceClassMatch {
  profile: DeviceProfile;
  /** Which profile rule matched and on what evidence; goes into the result document. */
  matchedRule: string;
}

/**
 * Picks the device class: among all matching rules, specific classes beat fallbacks, then the most
 * specific rule wins (see CONDITION_WEIGHTS), then the profile's priority, then the id (deterministic).
 * When nothing matches (e.g. a riscv64 board), the highest-priority fallback is used anyway.
 */
export function matchDeviceClass(info: DetectionInput, profiles: readonly DeviceProfile[]): DeviceClassMatch {
  const hits = profiles.flatMap((profile) =>
    profile.detection.rules
      .map((rule) => ({ profile, rule, ev: evaluateRule(rule, info) }))
      .filter((h) => h.ev.matched),
  );
  hits.sort(
    (a, b) =>
      Number(a.profile.detection.fallback) - Number(b.profile.detection.fallback) ||
      b.ev.specificity - a.ev.specificity ||
      b.profile.detection.priority - a.profile.detection.priority ||
      a.profile.id.localeCompare(b.profile.id),
  );
  const best = hits[0];
  if (best)
    return {
      profile: best.profile,
      matchedRule: clip(`${best.profile.id}/${best.rule.id}: ${best.ev.evidence.join(", ")}`),
    };
  const fallback = profiles
    .filter((p) => p.detection.fallback)
    .sort((a, b) => b.detection.priority - a.detection.priority || a.id.localeCompare(b.id))[0];
  if (!fallback) {
    throw new AppError(
      "INPUT",
      "No fallback device profile is loaded: add one with detection.fallback true to firmware-profiles/.",
    );
  }
  const seen = `arch ${info.arch}, board ${info.boardModel ?? "unknown"}, CPU ${info.cpuModel}`;
  return {
    profile: fallback,
    matchedRule: clip(`${fallback.id}: no rule matched (${seen}); highest-priority fallback`),
  };
}

/** deviceInfoSchema bounds matchedRule to 500 characters. */
const clip = (s: string) => (s.length <= 500 ? s : `${s.slice(0, 499)}…`);
