import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Makes a rename (or a delete) in `dir` durable: POSIX rename is atomic, but only an fsync of the
 * directory puts the new entry on disk, so a power cut right after could still lose it.
 * Some platforms (Windows) cannot open a directory; there the rename is the best on offer.
 */
export async function fsyncDir(dir: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== "EISDIR" && code !== "EPERM" && code !== "EINVAL") throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Writes `data` to `path` so that after a crash the file holds either its old content or all of the
 * new one: write a temporary sibling, fsync it, rename it over `path`, fsync the directory.
 */
export async function writeDurable(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${Date.now()}`);
  const handle = await open(tmp, "w", mode);
  try {
    await handle.writeFile(data);
    // The umask may have narrowed the mode at creation; never widened, but make it exact.
    await handle.chmod(mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}
