import type { PrismaConfig } from "prisma/config";

// Read by the Prisma CLI (found in packages/db, the directory `npm run -w @edgeseg/db` runs it from), which
// here only generates the client (`npm run db:generate -w @edgeseg/db`); migrations are applied by
// src/migrate.ts, which needs no native engine. A plain object (no runtime import), so nothing outside
// packages/db has to resolve `prisma`. DATABASE_URL is only needed by `prisma migrate status` on a
// machine that has the native engine.
export default {
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
} satisfies PrismaConfig;
