import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import { type Suite, suiteSchema } from "./schema.ts";

/**
 * Suites shipped with edgeseg, by id: each is <id>/suite.json in this package. standard-v1 ranks trained
 * reference models; architectures-v1 times published architectures as skeletons (docs/suites.md).
 */
export const BUNDLED_SUITES = ["standard-v1", "architectures-v1"] as const;
// import.meta.dirname is undefined under bundlers (Next.js): derive the folder from the file URL.
// The release bundle (scripts/build-agent.ts) carries the suites in suites/ next to its agent.mjs.
const PACKAGE_ROOT = resolve(
  dirname(fileURLToPath(import.meta.url)),
  process.env.EDGESEG_AGENT_BUNDLED_VERSION ? "suites" : "..",
);

export interface LoadedSuite {
  readonly suite: Suite;
  /** Absolute path of suite.json; model manifest paths are relative to its folder. */
  readonly path: string;
  /** sha256 of the suite file's bytes, as results record it. */
  readonly sha256: string;
}

/** sha256 of a suite file's bytes exactly as stored (suite.json is committed in biome's JSON format). */
export function suiteSha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function bundledSuitePath(id: string): string | null {
  return (BUNDLED_SUITES as readonly string[]).includes(id) ? join(PACKAGE_ROOT, id, "suite.json") : null;
}

/** Loads a suite by bundled id ("standard-v1") or by the path of a suite.json, validated. */
export async function loadSuite(idOrPath: string): Promise<LoadedSuite> {
  const path = bundledSuitePath(idOrPath) ?? resolve(idOrPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new AppError(
      "NOT_FOUND",
      `suite "${idOrPath}" not found: no bundled suite has that id (${BUNDLED_SUITES.join(", ")}) and ${path} cannot be read`,
      { cause: error },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new AppError("INPUT", `${path}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const parsed = suiteSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      "INPUT",
      `${path}: invalid suite at ${issue.path.join(".") || "(root)"}: ${issue.message} — fix the file or use a bundled suite`,
    );
  }
  return { suite: parsed.data, path, sha256: suiteSha256(bytes) };
}

/** Absolute path of a model manifest listed in a suite. */
export function manifestPath(loaded: LoadedSuite, manifest: string): string {
  return resolve(dirname(loaded.path), manifest);
}
