import { writeFileSync } from "node:fs";
import { postgresSchema, postgresSchemaPath } from "../src/dev/postgres-schema.ts";

// Writes prisma/postgres/schema.prisma from prisma/schema.prisma (db:generate runs this first).
writeFileSync(postgresSchemaPath, postgresSchema());
