import { kindSpecs, type MessageKind, messageKinds } from "../kinds.ts";
import { DEVICES_PREFIX } from "../topics.ts";
import { type FieldRow, fieldRows } from "./fields.ts";
import type { JsonSchema } from "./json-schema.ts";
import {
  accessControl,
  connection,
  introduction,
  payloadRules,
  receipts,
  resultRules,
  session,
} from "./prose.ts";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");
const kib = (bytes: number) => (bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`);
const anchor = (name: string) => `[${name}](#${name.toLowerCase()})`;

function fieldTable(rows: FieldRow[]): string {
  const lines = ["| Field | Type | Required | Description |", "| --- | --- | --- | --- |"];
  for (const r of rows) {
    lines.push(`| \`${r.path}\` | ${cell(r.type)} | ${r.required ? "yes" : "no"} | ${cell(r.description)} |`);
  }
  return lines.join("\n");
}

function topicTable(): string {
  const lines = [
    "| Topic | Direction | QoS | Retained | Max payload | Schema |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const kind of messageKinds) {
    const s = kindSpecs[kind];
    const topic = `\`${DEVICES_PREFIX}/{deviceId}/${kind}\``;
    lines.push(
      `| ${topic} | ${s.direction} | ${s.qos} | ${s.retained ? "yes" : "no"} | ${kib(s.maxBytes)} | ${anchor(s.schemaName)} |`,
    );
  }
  return lines.join("\n");
}

/** A union (the commands) gets one table per variant, named by its discriminator value. */
function schemaBody(schema: JsonSchema): string {
  const variants = schema["oneOf"] as JsonSchema[] | undefined;
  if (!variants) return fieldTable(fieldRows(schema));
  return variants
    .map((variant) => {
      const props = variant["properties"] as Record<string, JsonSchema>;
      const [key, tag] =
        Object.entries(props).find(([, p]) => "const" in p && typeof p["const"] === "string") ?? [];
      const title = key && tag ? `#### \`${key}: ${JSON.stringify(tag["const"])}\`` : "#### Variant";
      return `${title}\n\n${tag?.["description"] ?? ""}\n\n${fieldTable(fieldRows(variant))}`;
    })
    .join("\n\n");
}

function messageSection(kind: MessageKind, defs: Record<string, JsonSchema>, example: unknown): string {
  const spec = kindSpecs[kind];
  const schema = defs[spec.schemaName] ?? {};
  const facts = [
    `Topic \`${DEVICES_PREFIX}/{deviceId}/${kind}\``,
    spec.direction,
    `QoS ${spec.qos}`,
    spec.retained ? "retained" : "not retained",
    `at most ${kib(spec.maxBytes)}`,
  ].join(" · ");
  return [
    `### ${spec.schemaName}`,
    `${facts}\n\n${String(schema["description"] ?? "")}`.trim(),
    schemaBody(schema),
    `Example:\n\n\`\`\`json\n${JSON.stringify(example, null, 2)}\n\`\`\``,
  ].join("\n\n");
}

export function renderProtocolMarkdown(
  jsonSchema: JsonSchema,
  examples: Record<MessageKind, unknown>,
  sharedNames: string[],
): string {
  const defs = jsonSchema["$defs"] as Record<string, JsonSchema>;
  const parts = [
    "# edgeseg fleet protocol (MQTT, v1)",
    "<!-- Generated from packages/protocol/src/mqtt by packages/protocol/scripts/generate-docs.ts. Do not edit by hand: change the schemas, then run `npx tsx packages/protocol/scripts/generate-docs.ts`. -->",
    introduction,
    `## Connection\n\n${connection}`,
    `## Topics\n\n${topicTable()}`,
    `## Access control\n\n${accessControl}`,
    `## Session\n\n${session}`,
    `## Results and storage receipts\n\n${receipts}`,
    `## Payloads\n\n${payloadRules}`,
    `## Result rules beyond the schema\n\n${resultRules}`,
    "## Messages",
    ...messageKinds.map((kind) => messageSection(kind, defs, examples[kind])),
    "## Shared definitions",
    ...sharedNames.map((name) => `### ${name}\n\n${fieldTable(fieldRows(defs[name] ?? {}))}`),
  ];
  return `${parts.join("\n\n")}\n`;
}
