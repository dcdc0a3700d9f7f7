import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { defaultProfilesDir, PROFILE_JSON_SCHEMA_FILE } from "./load.ts";
import { deviceProfileSchema } from "./schema.ts";

/**
 * The profile schema as JSON Schema, for editors and for people adding a class without reading
 * TypeScript. "input" describes the file as written (runtimeOverrides may be left out).
 */
export function profileJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(deviceProfileSchema, { io: "input", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
}

/** Regenerates firmware-profiles/profile.schema.json: `npx tsx packages/engine-core/src/device-profile/json-schema.ts`. */
export async function writeProfileJsonSchema(dir: string = defaultProfilesDir): Promise<string> {
  const file = join(dir, PROFILE_JSON_SCHEMA_FILE);
  await writeFile(file, `${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
  return file;
}

// Not when bundled: the bundle's import.meta.url is its own entry's. No top-level await: it would make
// this module, and every module that re-exports it, asynchronous in the agent's esbuild bundle, where
// an importer may then run before the modules it imports have finished initialising.
if (!process.env.EDGESEG_AGENT_BUNDLED_VERSION && import.meta.url === `file://${process.argv[1]}`) {
  void writeProfileJsonSchema().then((file) => console.log(`wrote ${file}`));
}
