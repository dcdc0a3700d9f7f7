import { readdir, stat } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { AppError } from "@edgeseg/protocol";

export async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}

export async function isDirectory(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isDirectory(),
    () => false,
  );
}

/** Visible file names in a directory (nnU-Net, too, skips dot files such as macOS "._x"). */
export async function listFiles(dir: string, what: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch((e: NodeJS.ErrnoException) => {
    throw new AppError(
      "INPUT",
      `${dir}: ${what} directory ${e.code === "ENOENT" ? "not found" : `unreadable (${e.code})`}`,
    );
  });
  return entries
    .filter((e) => !e.name.startsWith(".") && !e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/** A dataset.json path resolved inside the dataset directory; "../" escapes are refused. */
export function insideDir(dir: string, rel: string, jsonPath: string): string {
  const full = resolve(dir, rel);
  const back = relative(dir, full);
  if (back.startsWith("..") || isAbsolute(back)) {
    throw new AppError("INPUT", `${jsonPath}: path "${rel}" points outside the dataset directory`);
  }
  return full;
}

/** File name without .nii.gz / .nii (or the dataset's own ending). */
export function stripEnding(name: string, endings: readonly string[] = [".nii.gz", ".nii"]): string {
  const ending = endings.find((e) => name.endsWith(e));
  return ending ? name.slice(0, -ending.length) : name;
}
