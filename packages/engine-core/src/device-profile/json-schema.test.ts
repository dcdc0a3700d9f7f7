import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { profileJsonSchema } from "./json-schema.ts";
import { defaultProfilesDir, PROFILE_JSON_SCHEMA_FILE } from "./load.ts";

describe("firmware-profiles/profile.schema.json", () => {
  it("is in sync with the zod schema (regenerate: npx tsx packages/engine-core/src/device-profile/json-schema.ts)", async () => {
    const onDisk = JSON.parse(await readFile(join(defaultProfilesDir, PROFILE_JSON_SCHEMA_FILE), "utf8"));
    expect(onDisk).toEqual(profileJsonSchema());
  });

  it("describes the fields a profile author needs", () => {
    const schema = profileJsonSchema() as { properties: Record<string, unknown>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(["id", "detection", "budgets", "runtime"]));
    expect(schema.required).not.toContain("runtimeOverrides");
  });
});
