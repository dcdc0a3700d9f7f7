/**
 * Writes docs/protocol.md and docs/protocol.schema.json from the zod schemas in src/mqtt.
 * Run from anywhere: npx tsx packages/protocol/scripts/generate-docs.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { generateProtocolDocs, protocolDocPaths } from "../src/mqtt/docs/generate.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const docs = generateProtocolDocs();
writeFileSync(root + protocolDocPaths.markdown, docs.markdown);
writeFileSync(root + protocolDocPaths.jsonSchema, docs.jsonSchema);
console.log(`wrote ${protocolDocPaths.markdown} and ${protocolDocPaths.jsonSchema}`);
