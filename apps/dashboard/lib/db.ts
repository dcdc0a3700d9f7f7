import "server-only";
import { join } from "node:path";
import { createDb, type Db, migrate } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { type DashboardEnv, loadEnv } from "./env.ts";
import { artifactsDirFor } from "./ranking/models/artifacts-dir.ts";

interface Holder {
  env?: DashboardEnv;
  db?: Promise<Db>;
}

// One client per server process. Kept on globalThis rather than in module scope because Next may
// evaluate this module more than once (per route bundle, and again on every dev-mode reload), and
// each evaluation would otherwise open another SQLite connection (or PostgreSQL pool).
const global = globalThis as { __edgesegDashboard?: Holder };
global.__edgesegDashboard ??= {};
const holder = global.__edgesegDashboard;

export function env(): DashboardEnv {
  holder.env ??= loadEnv();
  return holder.env;
}

/**
 * The process's database (SQLite, or PostgreSQL when DATABASE_URL says so). Migrations run first:
 * `migrate` is idempotent and takes the write lock per migration (PostgreSQL: Prisma's advisory
 * lock), so it is safe while the hub runs, and it creates the schema when the dashboard is the first
 * process to open a new data directory or database.
 */
export function getDb(): Promise<Db> {
  holder.db ??= open(env().databaseUrl).catch((error: unknown) => {
    holder.db = undefined; // let the next request retry (e.g. after the data directory appears)
    throw error;
  });
  return holder.db;
}

async function open(url: string): Promise<Db> {
  await migrate(url);
  return createDb({ url });
}

/**
 * The hub's artifact store, where model uploads go: `artifacts/` next to the SQLite file (the hub's
 * data directory), or with PostgreSQL under EDGESEG_DATA_DIR, which must then be set as well.
 */
export function artifactsDir(db: Db): string {
  if (db.provider === "sqlite") return artifactsDirFor(db.path);
  const dataDir = env().dataDir;
  if (dataDir === null) {
    throw new AppError(
      "USAGE",
      "the database is PostgreSQL, so model files need the hub's data directory: set EDGESEG_DATA_DIR as well as DATABASE_URL",
    );
  }
  return join(dataDir, "artifacts");
}

/** The Prisma client, for the common case. */
export async function prisma(): Promise<Db["prisma"]> {
  return (await getDb()).prisma;
}
