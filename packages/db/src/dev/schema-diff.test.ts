import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir } from "../migrate.ts";
import { diffMigrationsToSchema } from "./schema-diff.ts";

const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const repoRoot = join(packageRoot, "..", "..");
const schemaPath = join(packageRoot, "prisma", "schema.prisma");
const generatedDir = join(packageRoot, "src", "generated", "prisma");
const scratch = mkdtempSync(join(tmpdir(), "edgeseg-schema-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("prisma/schema.prisma stays in step with", () => {
  it("the migrations: replaying them leaves nothing to change (Prisma's own schema engine, as WebAssembly)", async () => {
    expect(await diffMigrationsToSchema(schemaPath, defaultMigrationsDir)).toBe(
      "-- This is an empty migration.\n",
    );
  });

  it("the committed generated client (rerun `npm run db:generate -w @edgeseg/db` when this fails)", () => {
    // Generate from a copy laid out like packages/db, so the relative output path — which the
    // generated code embeds along with the whole schema — is the same.
    cpSync(schemaPath, join(scratch, "prisma", "schema.prisma"));
    const cli = join(packageRoot, "node_modules", ".bin", "prisma");
    const prismaBin = readdirSync(join(packageRoot, "node_modules", ".bin")).includes("prisma")
      ? cli
      : join(repoRoot, "node_modules", ".bin", "prisma");
    execFileSync(prismaBin, ["generate", "--schema", join(scratch, "prisma", "schema.prisma")], {
      cwd: scratch,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: "pipe",
    });
    const fresh = join(scratch, "src", "generated", "prisma");
    expect(listFiles(fresh)).toEqual(listFiles(generatedDir));
    for (const file of listFiles(fresh)) {
      expect(readFileSync(join(generatedDir, file), "utf8"), file).toBe(
        readFileSync(join(fresh, file), "utf8"),
      );
    }
  });
});
