import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import type { z } from "zod";
import { type DeviceProfile, deviceProfileSchema } from "./schema.ts";

/** The repository's firmware-profiles/ folder. */
// Computed from this file's path rather than new URL("…", import.meta.url), which bundlers try to inline.
// The release bundle (scripts/build-agent.ts) carries the folder next to its agent.mjs.
export const defaultProfilesDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  process.env.EDGESEG_AGENT_BUNDLED_VERSION ? "firmware-profiles" : "../../../../firmware-profiles",
);

/** The generated JSON Schema sits next to the profiles; it is not a profile. */
export const PROFILE_JSON_SCHEMA_FILE = "profile.schema.json";

/**
 * Loads and validates every profile in `dir`. A bad file stops loading with an error naming the file
 * and the field, since a wrong budget silently mis-ranks every model on that device class.
 */
export async function loadProfiles(dir: string = defaultProfilesDir): Promise<DeviceProfile[]> {
  const names = await readdir(dir).catch((cause: unknown) => {
    throw new AppError("NOT_FOUND", `Cannot read the device profiles folder ${dir}: ${String(cause)}`, {
      cause,
    });
  });
  const files = names.filter((n) => n.endsWith(".json") && n !== PROFILE_JSON_SCHEMA_FILE).sort();
  const profiles = await Promise.all(files.map((f) => loadProfile(join(dir, f))));
  if (!profiles.some((p) => p.detection.fallback)) {
    throw new AppError(
      "INPUT",
      `No fallback profile in ${dir}: add one with detection.fallback true (e.g. generic-x86-64.json).`,
    );
  }
  return profiles;
}

export async function loadProfile(file: string): Promise<DeviceProfile> {
  const shown = relative(process.cwd(), file) || file;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (cause) {
    throw new AppError("INPUT", `Device profile ${shown} is not valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  const parsed = deviceProfileSchema.safeParse(json);
  if (!parsed.success) throw new AppError("INPUT", `Device profile ${shown}: ${describeIssue(parsed.error)}`);
  const expectedId = file.replace(/^.*[\\/]/, "").replace(/\.json$/, "");
  if (parsed.data.id !== expectedId) {
    throw new AppError(
      "INPUT",
      `Device profile ${shown}: field "id" is "${parsed.data.id}" but must equal the file name "${expectedId}".`,
    );
  }
  return parsed.data;
}

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join(".") : "(top level)";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem(s))` : "";
  return `field "${field}": ${issue.message}${more}. See firmware-profiles/README.md for the fields.`;
}
