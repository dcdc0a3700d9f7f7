import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { isAbsolute, resolve } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { assertJobReferences } from "./artifact-access.ts";
import { authenticateDevice } from "./device-auth.ts";
import { parseRange } from "./range.ts";
import { HttpStatusError } from "./respond.ts";
import type { HttpDeps } from "./server.ts";

/**
 * GET|HEAD /api/artifacts/:sha256 — a model file for an authenticated, active device, served only when
 * one of that device's open jobs lists it (403 otherwise, whether or not the file exists). Supports one
 * byte range (206 with Content-Range; 416 with `bytes *\/size` when unsatisfiable, RFC 9110 14.4), so
 * an agent on a bad link resumes a download. Content-addressed, hence immutable and its own ETag.
 */
export async function serveArtifact(
  deps: HttpDeps,
  req: IncomingMessage,
  res: ServerResponse,
  sha256: string,
) {
  const deviceId = await authenticateDevice(req, deps.credentials);
  const notFound = new AppError("NOT_FOUND", `no artifact with sha256 ${sha256}`);
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound;
  await assertJobReferences(deps.db, deviceId, sha256);
  const row = await deps.db.prisma.artifact.findUnique({ where: { sha256 }, select: { path: true } });
  if (!row) throw notFound;
  // The registry stores paths relative to the artifact store (packages/registry/src/artifact-store.ts).
  const path = isAbsolute(row.path) ? row.path : resolve(deps.artifactsDir, row.path);
  const size = await stat(path).then(
    (s) => s.size,
    () => null,
  );
  if (size === null) {
    deps.logger.error({ sha256, path }, "artifact is registered but its file is missing");
    throw notFound;
  }
  const range = parseRange(req.headers.range, size);
  if (range.kind === "unsatisfiable") {
    throw new HttpStatusError(416, "INPUT", `range ${req.headers.range} is outside the ${size}-byte file`, {
      "content-range": `bytes */${size}`,
    });
  }
  const [start, end] = range.kind === "partial" ? [range.start, range.end] : [0, size - 1];
  const headers: Record<string, string | number> = {
    "content-type": "application/octet-stream",
    "content-length": end - start + 1,
    "accept-ranges": "bytes",
    etag: `"${sha256}"`,
    "cache-control": "private, max-age=31536000, immutable",
  };
  if (range.kind === "partial") headers["content-range"] = `bytes ${start}-${end}/${size}`;
  res.writeHead(range.kind === "partial" ? 206 : 200, headers);
  deps.logger.debug({ deviceId, sha256, start, end }, "artifact served");
  if (req.method === "HEAD" || size === 0) return void res.end();
  const file = createReadStream(path, { start, end });
  file.on("error", (err) => {
    deps.logger.error({ err, sha256 }, "artifact read failed mid-response");
    res.destroy(err);
  });
  file.pipe(res);
}
