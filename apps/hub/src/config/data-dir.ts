import { mkdir } from "node:fs/promises";
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

/** Creates the data directory (owner-only: it holds the database and the service secret). */
export async function prepareDataDir(root: string): Promise<DataDirLayout> {
  const layout = dataDirLayout(root);
  try {
    await mkdir(root, { recursive: true, mode: 0o700 });
    await mkdir(layout.artifactsDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw new AppError(
      "INPUT",
      `cannot create the data directory ${root}: ${(error as Error).message}; choose a writable --data-dir`,
      { cause: error },
    );
  }
  return layout;
}
