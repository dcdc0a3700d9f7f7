import { readFileSync, writeFileSync } from "node:fs";
import { sha256Bytes } from "@edgeseg/engine-core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { importSuite } from "./import-suite.ts";
import { suiteDefinitionSchema } from "./suite-definition.ts";
import { DATASET_SHA256, type TestEnv, testEnv, writeSuite } from "./testing/index.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

it("imports the suite's models and writes the Suite row with the dataset reference", async () => {
  const path = writeSuite(env.dir);
  const imported = await importSuite(env.db, env.artifactsDir, path);
  const sha256 = sha256Bytes(readFileSync(path));
  expect(imported).toMatchObject({
    suiteId: "test-suite",
    version: "1",
    sha256,
    dataset: { id: "phantom-abdomen-v1", sha256: DATASET_SHA256 },
  });
  expect(imported.models.map((m) => m.modelId)).toEqual(["threshold-seg", "box-prompt"]);
  const row = await env.db.prisma.suite.findUniqueOrThrow({ where: { sha256 } });
  const definition = suiteDefinitionSchema.parse(row.definition);
  expect(definition.dataset).toEqual({ id: "phantom-abdomen-v1", sha256: DATASET_SHA256 });
  expect(definition.models.map((m) => m.manifestSha256)).toEqual(
    imported.models.map((m) => m.manifestSha256),
  );
  expect(await env.db.prisma.model.count()).toBe(2);

  await importSuite(env.db, env.artifactsDir, path);
  expect(await env.db.prisma.suite.count()).toBe(1);
});

it("refuses a suite whose pinned manifest hash does not match the file", async () => {
  const path = writeSuite(env.dir);
  const suite = JSON.parse(readFileSync(path, "utf8"));
  suite.models[1].sha256 = "e".repeat(64);
  writeFileSync(path, JSON.stringify(suite));
  await expect(importSuite(env.db, env.artifactsDir, path)).rejects.toMatchObject({
    code: "INTEGRITY",
    message: expect.stringContaining(`pins model box-prompt with manifest sha256 ${"e".repeat(64)}`),
  });
  expect(await env.db.prisma.suite.count()).toBe(0);
});

it("refuses a changed suite file under a registered id and version", async () => {
  const path = writeSuite(env.dir);
  await importSuite(env.db, env.artifactsDir, path);
  const suite = JSON.parse(readFileSync(path, "utf8"));
  writeFileSync(path, JSON.stringify({ ...suite, name: "Renamed" }));
  await expect(importSuite(env.db, env.artifactsDir, path)).rejects.toMatchObject({ code: "INTEGRITY" });
});
