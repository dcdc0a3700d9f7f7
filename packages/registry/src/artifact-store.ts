import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";

export interface StoredArtifact {
  sha256: string;
  size: number;
  /** Absolute path in the store: `artifactsDir/<sha256>`. */
  path: string;
}

/** Where the content-addressed store keeps a file; the hub's `GET /api/artifacts/:sha256` serves it. */
export function artifactPath(artifactsDir: string, sha256: string): string {
  return join(artifactsDir, sha256);
}

/**
 * Copies `source` into the content-addressed store. The hash is taken of the bytes actually copied
 * (not of an earlier read), and the file appears under its name only after it is complete and
 * fsynced (temp file + rename, which is atomic within one file system), so an agent can never
 * download a half-written or substituted artifact.
 */
export async function storeArtifact(
  artifactsDir: string,
  source: string,
  expectedSha256: string,
): Promise<StoredArtifact> {
  await mkdir(artifactsDir, { recursive: true });
  // Already stored (a re-import): files only enter the store by a rename after their hash matched, so
  // the name and size are enough; copying and fsyncing it again would change nothing.
  const stored = artifactPath(artifactsDir, expectedSha256);
  const [present, incoming] = await Promise.all([
    stat(stored).catch(() => null),
    stat(source).catch(() => null),
  ]);
  if (present && incoming && present.size === incoming.size) {
    return { sha256: expectedSha256, size: present.size, path: stored };
  }
  const temp = join(artifactsDir, `.tmp-${randomUUID()}`);
  const hash = createHash("sha256");
  let size = 0;
  const out = await open(temp, "wx", 0o644);
  try {
    for await (const chunk of createReadStream(source)) {
      const bytes = chunk as Buffer;
      hash.update(bytes);
      size += bytes.byteLength;
      await out.write(bytes);
    }
    await out.sync();
  } catch (error) {
    await out.close();
    await unlink(temp).catch(() => {});
    throw new AppError("RUNTIME", `cannot copy ${source} into ${artifactsDir}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  await out.close();
  const sha256 = hash.digest("hex");
  if (sha256 !== expectedSha256) {
    await unlink(temp);
    throw new AppError(
      "INTEGRITY",
      `${source} has sha256 ${sha256}, expected ${expectedSha256}: the file changed while it was imported or is not the one its manifest pins; fix the file and import again`,
    );
  }
  const path = artifactPath(artifactsDir, sha256);
  const existing = await stat(path).catch(() => null);
  if (existing?.size === size) {
    await unlink(temp);
  } else {
    await rename(temp, path);
    await syncDir(artifactsDir);
  }
  return { sha256, size, path };
}

/** fsync the directory so the rename itself survives a power cut (POSIX rename durability). */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
