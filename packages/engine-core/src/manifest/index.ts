export { checkSessionAgainstManifest, sessionDifferences } from "./check-session.ts";
export { graphPath } from "./graph-path.ts";
export { describeIssues } from "./issues.ts";
export { type LoadedManifest, loadManifest } from "./load.ts";
export * from "./schema.ts";
export { sha256Bytes, sha256File } from "./sha256.ts";
export {
  assertSupportedPipeline,
  type SupportedManifest,
  supportedPipelines,
} from "./supported.ts";
export { type VerifiedGraph, verifyGraphFiles } from "./verify.ts";
