import type { PrismaConfig } from "prisma/config";

// Read by the Prisma CLI, which here only generates the client (`npm run db:generate -w @edgeseg/db`);
// migrations are applied by packages/db/src/migrate.ts, which needs no native engine. A plain object
// (no runtime import) because the CLI is installed inside packages/db, not at the root. DATABASE_URL is
// only needed by `prisma migrate status` on a machine that has the native engine.
export default {
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL },
} satisfies PrismaConfig;
