import { exampleMessages } from "../examples/messages.ts";
import { buildProtocolJsonSchema, sharedDefinitions } from "./json-schema.ts";
import { renderProtocolMarkdown } from "./markdown.ts";

/** Paths relative to the repository root. */
export const protocolDocPaths = {
  markdown: "docs/protocol.md",
  jsonSchema: "docs/protocol.schema.json",
} as const;

export const regenerateCommand = "npx tsx packages/protocol/scripts/generate-docs.ts";

/** The exact text of both generated documents. */
export function generateProtocolDocs(): { markdown: string; jsonSchema: string } {
  const schema = buildProtocolJsonSchema();
  return {
    markdown: renderProtocolMarkdown(schema, exampleMessages, Object.keys(sharedDefinitions)),
    jsonSchema: `${JSON.stringify(schema, null, 2)}\n`,
  };
}
