import { z } from "zod";
import { deviceInfoSchema, resultDocumentSchema } from "../../result.ts";
import { kindSpecs, messageKinds } from "../kinds.ts";
import { messageSchemas } from "../schemas.ts";
import { DEVICES_PREFIX } from "../topics.ts";

export type JsonSchema = Record<string, unknown>;

/** Shared definitions that messages reference by name rather than repeat. */
export const sharedDefinitions = {
  DeviceInfo: deviceInfoSchema,
  ResultDocument: resultDocumentSchema,
} as const;

/**
 * One JSON Schema (draft 2020-12) document: a definition per message kind plus the shared ones, and an
 * `x-edgeseg-topics` table mapping each kind to its topic, direction, QoS, retain flag and size limit.
 */
export function buildProtocolJsonSchema(): JsonSchema {
  const registry = z.registry<{ id: string }>();
  for (const kind of messageKinds) registry.add(messageSchemas[kind], { id: kindSpecs[kind].schemaName });
  for (const [id, schema] of Object.entries(sharedDefinitions)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { target: "draft-2020-12", uri: (id) => `#/$defs/${id}` });
  const defs: Record<string, JsonSchema> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    // Each definition lives inside this document, so drops its own $schema and $id.
    const { $schema: _schema, $id: _id, ...rest } = schema as JsonSchema;
    defs[id] = rest;
  }
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "edgeseg fleet protocol v1",
    description:
      "Payloads of the MQTT messages between edgeseg agents and the hub. Generated from packages/protocol/src/mqtt; see docs/protocol.md.",
    "x-edgeseg-topics": messageKinds.map((kind) => {
      const spec = kindSpecs[kind];
      return {
        kind,
        topic: `${DEVICES_PREFIX}/{deviceId}/${kind}`,
        direction: spec.direction,
        qos: spec.qos,
        retained: spec.retained,
        maxBytes: spec.maxBytes,
        schema: `#/$defs/${spec.schemaName}`,
      };
    }),
    $defs: defs,
  };
}
