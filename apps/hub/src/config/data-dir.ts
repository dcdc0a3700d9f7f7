import { chmod, mkdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { AppError } from "@edgeseg/protocol";

/** Where everything the hub keeps lives, under one data directory. */
export interface DataDirLayout {
  root: string;
  /** SQLite database, `edgeseg.db`. */
  dbPath: string;
  dbUrl: string;
  /** Content-addressed model artifacts, `artifacts/<sha256>`. */
  artifactsDir: string;
  /** The hub's own MQTT password, generated at first start (mode 0600). */
  serviceSecretPath: string;
}

export function dataDirLayout(root: string): DataDirLayout {
  const dbPath = join(root, "edgeseg.db");
  return {
    root,
    dbPath,
    dbUrl: pathToFileURL(dbPath).href,
    artifactsDir: join(root, "artifacts"),
    serviceSecretPath: join(root, "service-secret"),
  };
}

/**
 * Creates the data directory, or tightens one that exists, to owner-only (0700): it holds the
 * database with the password and secret hashes and the service secret. mkdir's mode applies only to a
 * directory it creates, so a pre-created 0755 directory (an installer, a volume) is chmod-ed too.
 */
export async function prepareDataDir(root: string): Promise<DataDirLayout> {
  const layout = dataDirLayout(root);
  for (const dir of [root, layout.artifactsDir]) {
    try {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      if (((await stat(dir)).mode & 0o077) !== 0) await chmod(dir, 0o700);
    } catch (error) {
      throw new AppError(
        "INPUT",
        `cannot prepare the data directory ${dir} (owner-only, mode 0700): ${(error as Error).message}; choose a --data-dir this user owns`,
        { cause: error },
      );
    }
  }
  return layout;
}
