import "server-only";
import { createDb, type Db, migrate } from "@edgeseg/db";
import { type DashboardEnv, loadEnv } from "./env.ts";

interface Holder {
  env?: DashboardEnv;
  db?: Promise<Db>;
}

// One client per server process. Kept on globalThis rather than in module scope because Next may
// evaluate this module more than once (per route bundle, and again on every dev-mode reload), and
// each evaluation would otherwise open another SQLite connection.
const global = globalThis as { __edgesegDashboard?: Holder };
global.__edgesegDashboard ??= {};
const holder = global.__edgesegDashboard;

export function env(): DashboardEnv {
  holder.env ??= loadEnv();
  return holder.env;
}

/**
 * The process's database. Migrations run first: `migrate` is idempotent and takes the write lock per
 * migration, so it is safe while the hub runs, and it creates the schema when the dashboard is the
 * first process to open a new data directory.
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

/** The Prisma client, for the common case. */
export async function prisma(): Promise<Db["prisma"]> {
  return (await getDb()).prisma;
}
