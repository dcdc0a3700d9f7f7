import { randomBytes } from "node:crypto";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { cliActor, createDb, isPostgresUrl, migrate } from "@edgeseg/db";
import { isAppError } from "@edgeseg/protocol";
import { createUser } from "../lib/auth/users.ts";

export interface CreateAdminOptions {
  /** The hub's data directory; the database is `<dataDir>/edgeseg.db` (created and migrated if new). */
  dataDir: string;
  /** A PostgreSQL URL (the hub's --database-url) instead of `<dataDir>/edgeseg.db`. */
  databaseUrl?: string;
  email: string;
  /** Omit to generate one (20 characters, 120 random bits). */
  password?: string;
}

export interface CreatedAdmin {
  email: string;
  password: string;
  generated: boolean;
}

/** Creates the first admin (or any further one) at set-up; the quick start calls this directly. */
export async function createAdmin(options: CreateAdminOptions): Promise<CreatedAdmin> {
  const url = options.databaseUrl ?? `file:${join(resolve(options.dataDir), "edgeseg.db")}`;
  await migrate(url);
  const db = await createDb({ url });
  try {
    const password = options.password ?? randomBytes(15).toString("base64url");
    const user = await createUser(db.prisma, { email: options.email, password, role: "admin" }, cliActor());
    return { email: user.email, password, generated: options.password === undefined };
  } finally {
    await db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      "data-dir": { type: "string", default: process.env.EDGESEG_DATA_DIR },
      email: { type: "string" },
      password: { type: "string" },
    },
  });
  if (!values["data-dir"] || !values.email) {
    console.error(
      "usage: create-admin --data-dir <hub data dir> --email <address> [--password <password>]\n" +
        "  without --password a password is generated and printed once",
    );
    process.exit(2);
  }
  // The dashboard's own rule (lib/env.ts): a PostgreSQL DATABASE_URL is the database.
  const databaseUrl = process.env.DATABASE_URL;
  const admin = await createAdmin({
    dataDir: values["data-dir"],
    ...(databaseUrl && isPostgresUrl(databaseUrl) && { databaseUrl }),
    email: values.email,
    ...(values.password !== undefined && { password: values.password }),
  });
  console.log(`admin ${admin.email} created`);
  if (admin.generated) console.log(`password: ${admin.password}  (shown once: store it now)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error: unknown) => {
    console.error(isAppError(error) ? `create-admin: ${error.message}` : error);
    process.exit(isAppError(error) ? error.exitCode : 1);
  });
}
