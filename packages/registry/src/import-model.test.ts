import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sha256Bytes } from "@edgeseg/engine-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { importModel } from "./import-model.ts";
import { copyModel, type TestEnv, testEnv } from "./testing/index.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

describe("importModel", () => {
  it("stores manifest and graphs by sha256 and writes Model and Artifact rows", async () => {
    const manifest = copyModel(env.dir, "box-prompt");
    const onnx = (f: string) => readFileSync(join(env.dir, "models/box-prompt", f));
    const imported = await importModel(env.db, env.artifactsDir, manifest);

    const manifestSha = sha256Bytes(readFileSync(manifest));
    expect(imported).toEqual({
      modelId: "box-prompt",
      version: expect.any(String),
      manifestSha256: manifestSha,
      artifacts: [
        { role: "manifest", sha256: manifestSha, size: readFileSync(manifest).length },
        { role: "encoder", sha256: sha256Bytes(onnx("encoder.onnx")), size: onnx("encoder.onnx").length },
        { role: "decoder", sha256: sha256Bytes(onnx("decoder.onnx")), size: onnx("decoder.onnx").length },
      ],
    });
    for (const a of imported.artifacts) {
      expect(sha256Bytes(readFileSync(join(env.artifactsDir, a.sha256)))).toBe(a.sha256);
    }
    const model = await env.db.prisma.model.findUniqueOrThrow({
      where: { id_version: { id: "box-prompt", version: imported.version } },
    });
    expect(model).toMatchObject({
      pipeline: "promptable-2d",
      family: "foundation",
      manifestSha256: manifestSha,
    });
    expect(model.manifest).toEqual(JSON.parse(readFileSync(manifest, "utf8")));
    const rows = await env.db.prisma.artifact.findMany({ orderBy: { role: "asc" } });
    expect(rows.map((r) => [r.role, Number(r.size), r.path === r.sha256, r.modelId])).toEqual([
      ["decoder", onnx("decoder.onnx").length, true, "box-prompt"],
      ["encoder", onnx("encoder.onnx").length, true, "box-prompt"],
      ["manifest", readFileSync(manifest).length, true, "box-prompt"],
    ]);
  });

  it("is idempotent", async () => {
    const manifest = copyModel(env.dir, "threshold-seg");
    const first = await importModel(env.db, env.artifactsDir, manifest);
    const second = await importModel(env.db, env.artifactsDir, manifest);
    expect(second).toEqual(first);
    expect(await env.db.prisma.model.count()).toBe(1);
    expect(await env.db.prisma.artifact.count()).toBe(2);
  });

  it("refuses an ONNX file whose hash differs from the manifest, and stores nothing", async () => {
    const manifest = copyModel(env.dir, "threshold-seg");
    const graph = join(env.dir, "models/threshold-seg/model.onnx");
    const bytes = readFileSync(graph);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    writeFileSync(graph, bytes);
    await expect(importModel(env.db, env.artifactsDir, manifest)).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringContaining("sha256 mismatch"),
    });
    expect(await env.db.prisma.model.count()).toBe(0);
    expect(await env.db.prisma.artifact.count()).toBe(0);
  });

  it("refuses a changed manifest under an id and version already registered", async () => {
    const manifest = copyModel(env.dir, "threshold-seg");
    await importModel(env.db, env.artifactsDir, manifest);
    const json = JSON.parse(readFileSync(manifest, "utf8"));
    writeFileSync(manifest, JSON.stringify({ ...json, description: "changed" }));
    await expect(importModel(env.db, env.artifactsDir, manifest)).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringContaining("give the changed model a new version"),
    });
  });
});
