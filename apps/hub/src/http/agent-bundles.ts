import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { basename, join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { sendJson } from "./respond.ts";

export const AGENT_PLATFORMS = ["linux-x64", "linux-arm64", "linux-armv7l"] as const;
export type AgentPlatform = (typeof AGENT_PLATFORMS)[number];

const semver = z.string().regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "expected a version such as 0.1.0");

/** `bundles.json` as `npm run build:agent` writes it next to the tarballs (scripts/build-agent.ts). */
const bundleManifestSchema = z.object({
  version: semver,
  bundles: z
    .array(
      z.object({
        platform: z.enum(AGENT_PLATFORMS),
        tarball: z
          .string()
          .regex(
            /^edgeseg-agent-[0-9A-Za-z.-]+\.tar\.gz$/,
            "expected a tarball file name in the same directory",
          ),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, "expected 64 lowercase hex digits"),
        bytes: z.number().int().positive(),
        nodeMin: semver,
      }),
    )
    .min(1, "no bundles listed"),
});

export type BundleManifest = z.infer<typeof bundleManifestSchema>;
export type AgentBundle = BundleManifest["bundles"][number];

/**
 * The bundles in `dir`, read on every call: dropping new ones into the directory (a new release)
 * takes effect without restarting the hub. Missing or invalid: a NOT_FOUND error that says what to do.
 */
export async function readBundleManifest(dir: string): Promise<BundleManifest> {
  const file = join(dir, "bundles.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    throw new AppError(
      "NOT_FOUND",
      `this hub serves no agent bundles: ${file} is missing; run npm run build:agent and start the hub with --agent-bundles dist/agent (or copy them into <data-dir>/agent-bundles)`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = bundleManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError(
      "NOT_FOUND",
      `the hub's agent bundle manifest ${file} is invalid (${issue.path.join(".") || "(file)"}: ${issue.message}); rebuild it with npm run build:agent`,
    );
  }
  return parsed.data;
}

/** GET /api/agent/bundles — the manifest (version, and per platform the file, sha256, size, Node floor). */
export async function serveBundleManifest(dir: string, res: ServerResponse): Promise<void> {
  sendJson(res, 200, await readBundleManifest(dir));
}

/** GET /api/agent/bundles/SHA256SUMS — the tarballs' hashes in `sha256sum -c` format. */
export async function serveBundleSums(dir: string, res: ServerResponse): Promise<void> {
  const m = await readBundleManifest(dir);
  const text = m.bundles.map((b) => `${b.sha256}  ${b.tarball}\n`).join("");
  res.writeHead(200, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/**
 * GET|HEAD /api/agent/bundles/:file — a tarball the manifest lists (nothing else in the directory is
 * reachable). Public, like install.sh: a device fetches it before it has credentials, and it holds no
 * secret. Clients verify it against the manifest's sha256.
 */
export async function serveBundleFile(
  dir: string,
  name: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const m = await readBundleManifest(dir);
  const bundle = m.bundles.find((b) => b.tarball === name);
  if (!bundle || basename(name) !== name) throw new AppError("NOT_FOUND", `no agent bundle named ${name}`);
  const path = join(dir, bundle.tarball);
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null)
    throw new AppError("NOT_FOUND", `agent bundle ${name} is listed in bundles.json but missing on the hub`);
  res.writeHead(200, {
    "content-type": "application/gzip",
    "content-length": size,
    etag: `"${bundle.sha256}"`,
    "cache-control": "no-cache",
  });
  if (req.method === "HEAD") return void res.end();
  const file = createReadStream(path);
  file.on("error", (err) => res.destroy(err));
  file.pipe(res);
}
