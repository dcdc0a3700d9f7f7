import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Bytes } from "@edgeseg/engine-core";
import { afterEach, beforeEach, expect, it } from "vitest";
import { storeArtifact } from "./artifact-store.ts";
import { type TestEnv, testEnv } from "./testing/index.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

it("stores a file under its sha256 and leaves no temporary file", async () => {
  const source = join(env.dir, "blob");
  writeFileSync(source, "edgeseg artifact");
  const sha = sha256Bytes(readFileSync(source));
  const stored = await storeArtifact(env.artifactsDir, source, sha);
  expect(stored).toEqual({ sha256: sha, size: 16, path: join(env.artifactsDir, sha) });
  expect(readFileSync(stored.path, "utf8")).toBe("edgeseg artifact");
  await storeArtifact(env.artifactsDir, source, sha);
  expect(readdirSync(env.artifactsDir)).toEqual([sha]);
});

it("refuses bytes that do not match the expected hash and stores nothing", async () => {
  const source = join(env.dir, "blob");
  writeFileSync(source, "tampered");
  await expect(storeArtifact(env.artifactsDir, source, "0".repeat(64))).rejects.toMatchObject({
    code: "INTEGRITY",
    message: expect.stringContaining(`expected ${"0".repeat(64)}`),
  });
  expect(readdirSync(env.artifactsDir)).toEqual([]);
});
