import type { Db } from "@edgeseg/db";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "../../../packages/db/src/generated/prisma/client.ts";

export interface LoggedQuery {
  sql: string;
  params: string;
  ms: number;
}

/**
 * A Db like createDb's (same adapter, WAL, foreign keys) whose Prisma client reports every SQL
 * statement with its duration, so a page's data load can be split into its queries.
 */
export async function loggedDb(path: string): Promise<Db & { queries: LoggedQuery[] }> {
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}`, timeout: 5000 });
  const prisma = new PrismaClient({ adapter, log: [{ emit: "event", level: "query" }] });
  const queries: LoggedQuery[] = [];
  prisma.$on("query", (e) => queries.push({ sql: e.query, params: e.params, ms: e.duration }));
  await prisma.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  return { prisma, provider: "sqlite", path, queries, close: () => prisma.$disconnect() };
}
