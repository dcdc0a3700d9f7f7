import { randomBytes } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";

/**
 * The service credential's password: 32 random bytes, created once with mode 0600 ('wx' so two hubs
 * starting at once cannot overwrite each other's), then read on every start. The broker compares
 * against this file; nothing else stores it.
 */
export async function loadServiceSecret(path: string): Promise<string> {
  try {
    await writeFile(path, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw cannotUse(path, error);
  }
  try {
    const mode = (await stat(path)).mode & 0o077;
    if (mode !== 0) {
      throw new AppError("INTEGRITY", `${path} is readable by other users: run chmod 600 ${path}`);
    }
    const secret = (await readFile(path, "utf8")).trim();
    if (secret.length < 16) {
      throw new AppError("INTEGRITY", `${path} holds no usable secret: delete it and restart the hub`);
    }
    return secret;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw cannotUse(path, error);
  }
}

function cannotUse(path: string, error: unknown): AppError {
  return new AppError("RUNTIME", `cannot use the service secret ${path}: ${(error as Error).message}`, {
    cause: error,
  });
}
