import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { exampleMessages } from "../examples/messages.ts";
import { kindSpecs, messageKinds } from "../kinds.ts";
import { generateProtocolDocs, protocolDocPaths, regenerateCommand } from "./generate.ts";
import { buildProtocolJsonSchema } from "./json-schema.ts";

const root = fileURLToPath(new URL("../../../../../", import.meta.url));
const committed = (path: string) => readFileSync(root + path, "utf8");

describe("generated protocol docs", () => {
  const fresh = generateProtocolDocs();

  it.each(Object.entries(protocolDocPaths))("%s matches the schemas", (key, path) => {
    const upToDate = committed(path) === fresh[key as keyof typeof fresh];
    expect(upToDate, `${path} is stale: run \`${regenerateCommand}\` and commit the result`).toBe(true);
  });

  it("the JSON Schema, read by an independent validator (ajv), agrees with the zod schemas", () => {
    // Formats are checked through the patterns zod emits next to them; x-edgeseg-topics is an annotation.
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    ajv.addSchema(buildProtocolJsonSchema(), "protocol");
    for (const kind of messageKinds) {
      const validate = ajv.getSchema(`protocol#/$defs/${kindSpecs[kind].schemaName}`)!;
      const example = exampleMessages[kind] as Record<string, unknown>;
      expect(validate(example), `${kind}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(validate({ ...example, protocolVersion: 2 }), kind).toBe(false);
      expect(validate({ ...example, extra: true }), kind).toBe(false);
      expect(validate({ ...example, messageId: "C07F6C8E-91A3-44B5-8AC1-3C4D5E6F7081" }), kind).toBe(false);
      expect(validate({ ...example, sentAt: "2026-11-26T10:30:00+01:00" }), kind).toBe(false);
      expect(validate({ ...example, deviceId: "pi/+" }), kind).toBe(false);
    }
    const result = structuredClone(exampleMessages.results);
    result.result.accuracy!.cases[0]!.organs["liver"]!.dice = 1.2;
    expect(ajv.validate("protocol#/$defs/ResultMessage", result)).toBe(false);
    expect(ajv.errorsText()).toContain("/result/accuracy/cases/0/organs/liver/dice must be <= 1");
  });

  it("documents every field of every message", () => {
    expect(fresh.markdown).toContain("| `model.artifacts[].urlPath` |");
    expect(fresh.markdown).toContain("| `accuracy.cases[].organs.{key}.dice` | number 0–1 | yes |");
    expect(fresh.markdown).toContain(
      "| `edgeseg/v1/devices/{deviceId}/results` | device-to-hub | 1 | no | 1023 KiB |",
    );
    expect(fresh.markdown).toContain("pattern read edgeseg/v1/devices/%u/jobs\n");
  });
});
