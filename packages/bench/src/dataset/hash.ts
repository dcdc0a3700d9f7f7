import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { relative, sep } from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGunzip } from "node:zlib";

async function isGzip(path: string): Promise<boolean> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
}

/**
 * sha256 of a file's content, streamed. A gzip file is hashed decompressed: deflate output differs
 * between zlib builds (Node's Chromium zlib differs by version and CPU), so hashing the decoded NIfTI
 * bytes gives the same dataset hash wherever the same volumes were written.
 */
export async function contentSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  const stages: (Readable | NodeJS.ReadWriteStream)[] = [createReadStream(path)];
  if (await isGzip(path)) stages.push(createGunzip());
  await pipeline(...(stages as [Readable]), hash);
  return hash.digest("hex");
}

/**
 * Dataset content hash: one "sha256  relative/path" line per file (sha256sum's format), sorted by
 * path with "/" separators, then the sha256 of those lines. The file list is dataset.json plus every
 * case's image and label, so a renamed, added, removed or changed file changes the hash.
 */
export async function datasetSha256(dir: string, files: readonly string[]): Promise<string> {
  const rel = [...new Set(files)].map((f) => ({ f, rel: relative(dir, f).split(sep).join("/") }));
  rel.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  let lines = "";
  for (const { f, rel: name } of rel) lines += `${await contentSha256(f)}  ${name}\n`;
  return createHash("sha256").update(lines).digest("hex");
}
