import { readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tempDb } from "@edgeseg/db/testing";
import { sha256Bytes, stripModel } from "@edgeseg/engine-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importUploadedModel } from "./import-upload.ts";
import { DEFAULT_UPLOAD_LIMITS } from "./upload-limits.ts";

const FIXTURES = resolve(import.meta.dirname, "../../../../../packages/bench/fixtures/models");
const manifestText = readFileSync(join(FIXTURES, "threshold-seg/manifest.json"), "utf8");
const model = Uint8Array.from(readFileSync(join(FIXTURES, "threshold-seg/model.onnx")));

let db: Awaited<ReturnType<typeof tempDb>>;
let artifactsDir: string;

beforeAll(async () => {
  db = await tempDb();
  artifactsDir = join(db.dir, "artifacts");
});
afterAll(() => db.dispose());

function upload(manifest: string | null, files: [name: string, bytes: Uint8Array<ArrayBuffer>][]): Request {
  const form = new FormData();
  if (manifest !== null) form.append("manifest", new Blob([manifest]), "manifest.json");
  for (const [name, bytes] of files) form.append("files", new Blob([bytes]), name);
  return new Request("http://dashboard.test/api/models", { method: "POST", body: form });
}

const stagingDirs = () => readdirSync(tmpdir()).filter((d) => d.startsWith("edgeseg-upload-")).length;

describe("importUploadedModel", () => {
  it("registers a valid model: rows, artifacts by sha256, idempotent on a second upload", async () => {
    const before = stagingDirs();
    const first = await importUploadedModel(db, artifactsDir, upload(manifestText, [["model.onnx", model]]));
    expect(first).toMatchObject({ modelId: "threshold-seg", version: "1.0.0", created: true });
    const graphSha = JSON.parse(manifestText).graphs.model.sha256 as string;
    expect(first.artifacts.map((a) => [a.role, a.sha256])).toEqual([
      ["manifest", first.manifestSha256],
      ["model", graphSha],
    ]);
    expect(readdirSync(artifactsDir).sort()).toEqual([first.manifestSha256, graphSha].sort());
    const row = await db.prisma.model.findUniqueOrThrow({
      where: { id_version: { id: "threshold-seg", version: "1.0.0" } },
    });
    expect(row).toMatchObject({
      family: "target-specific",
      license: "Apache-2.0",
      fineTuningSupported: false,
    });
    const again = await importUploadedModel(db, artifactsDir, upload(manifestText, [["model.onnx", model]]));
    expect(again.created).toBe(false);
    expect(stagingDirs()).toBe(before);
  });

  it("refuses a file whose sha256 is not the manifest's, naming both", async () => {
    const tampered = Uint8Array.from(model);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    await expect(
      importUploadedModel(
        db,
        artifactsDir,
        upload(manifestText.replace("1.0.0", "9.0.0"), [["model.onnx", tampered]]),
      ),
    ).rejects.toThrow(
      /model\.onnx has sha256 [0-9a-f]{64}, but the manifest's graphs\.model\.sha256 is 6ba7ba6c/,
    );
  });

  it("refuses a manifest that does not describe the graph, naming the mismatch", async () => {
    const wrong = manifestText.replace('"name": "image"', '"name": "pixels"').replace("1.0.0", "2.0.0");
    await expect(
      importUploadedModel(db, artifactsDir, upload(wrong, [["model.onnx", model]])),
    ).rejects.toThrow(
      /model\.onnx does not match its manifest \(graphs\.model\): input "pixels" is not in the graph \(graph inputs: image\)/,
    );
    expect(await db.prisma.model.count({ where: { version: "2.0.0" } })).toBe(0);
  });

  it("refuses an invalid manifest, a missing file and a file the manifest does not name", async () => {
    await expect(importUploadedModel(db, artifactsDir, upload("{", []))).rejects.toThrow(/not valid JSON/);
    await expect(
      importUploadedModel(
        db,
        artifactsDir,
        upload(manifestText.replace('"trained": false', '"trained": "no"'), []),
      ),
    ).rejects.toThrow(/manifest\.json is invalid: .*trained/);
    await expect(
      importUploadedModel(db, artifactsDir, upload(manifestText, [["other.onnx", model]])),
    ).rejects.toThrow(
      /graphs\.model\.file is "model\.onnx", but no uploaded file is named model\.onnx \(uploaded: other\.onnx\)/,
    );
    await expect(
      importUploadedModel(
        db,
        artifactsDir,
        upload(manifestText, [
          ["model.onnx", model],
          ["extra.onnx", model],
        ]),
      ),
    ).rejects.toThrow(/extra\.onnx is not named by the manifest/);
    await expect(
      importUploadedModel(db, artifactsDir, upload(null, [["model.onnx", model]])),
    ).rejects.toThrow(/no manifest/);
  });

  it("refuses a changed manifest under a registered id and version", async () => {
    const changed = manifestText.replace("Fixed-weight test model", "Changed text");
    await expect(
      importUploadedModel(db, artifactsDir, upload(changed, [["model.onnx", model]])),
    ).rejects.toThrow(/threshold-seg@1\.0\.0 is already registered with another manifest/);
  });

  it("stops reading at the size limit with a 413", async () => {
    const limits = { ...DEFAULT_UPLOAD_LIMITS, maxBytes: 1024 * 1024 };
    const big = new Uint8Array(3 * 1024 * 1024);
    const error = await importUploadedModel(
      db,
      artifactsDir,
      upload(manifestText, [["model.onnx", big]]),
      limits,
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INPUT", httpStatus: 413 });
    expect(String(error)).toMatch(/add up to more than 1 MB|model\.onnx is larger than 1 MB/);
  });

  it("refuses a body that is not multipart", async () => {
    const request = new Request("http://dashboard.test/api/models", { method: "POST", body: "{}" });
    await expect(importUploadedModel(db, artifactsDir, request)).rejects.toThrow(/multipart\/form-data/);
  });

  // Found by the fuzz suite (tests/fuzz): both threw a TypeError / busboy Error, a 500 in the route.
  it("refuses a multipart content type without a boundary as a usage error", async () => {
    for (const type of ["multipart/form-data", "multipart/form-data; boundary="]) {
      const request = new Request("http://dashboard.test/api/models", {
        method: "POST",
        headers: { "content-type": type },
        body: "--x\r\n\r\n",
      });
      const error = await importUploadedModel(db, artifactsDir, request).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "USAGE" });
      expect(String(error)).toMatch(/the upload is not valid multipart\/form-data/);
    }
  });

  it("refuses a file part sent with an empty file name", async () => {
    const error = await importUploadedModel(
      db,
      artifactsDir,
      upload(manifestText, [
        ["model.onnx", model],
        ["", new Uint8Array(3)],
      ]),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INPUT" });
    expect(String(error)).toMatch(/has no usable name/);
  });
});

describe("importUploadedModel, timing only", () => {
  const unet = resolve(import.meta.dirname, "../../../../../packages/suites/standard-v1/models/unet2d-small");
  const unetManifest = readFileSync(join(unet, "manifest.json"), "utf8");
  const unetModel = Uint8Array.from(readFileSync(join(unet, "model.onnx")));

  it("stores the skeleton and a manifest naming it, never the uploaded weights", async () => {
    const form = new FormData();
    form.append("manifest", new Blob([unetManifest]), "manifest.json");
    form.append("files", new Blob([unetModel]), "model.onnx");
    form.append("timingOnly", "on");
    const request = new Request("http://dashboard.test/api/models", { method: "POST", body: form });
    const imported = await importUploadedModel(db, artifactsDir, request);
    const { id, version, graphs } = JSON.parse(unetManifest);
    expect(imported).toMatchObject({ modelId: id, version: `${version}-skeleton`, created: true });
    const skeleton = imported.artifacts.find((a) => a.role === "model")!;
    expect(skeleton.sha256).not.toBe(graphs.model.sha256);
    // Only the skeleton (a few percent of the model: no weight values) and its manifest were stored.
    const stored = readFileSync(join(artifactsDir, skeleton.sha256));
    expect(stored.length).toBeLessThan(unetModel.length * 0.1);
    expect(stored.includes(Buffer.from("edgeseg.skeleton"))).toBe(true);
    expect(readdirSync(artifactsDir)).not.toContain(graphs.model.sha256);
    expect(await db.prisma.artifact.count({ where: { sha256: graphs.model.sha256 } })).toBe(0);
    const manifest = JSON.parse(readFileSync(join(artifactsDir, imported.manifestSha256), "utf8"));
    expect(manifest.graphs.model).toMatchObject({ file: "model.skel.onnx", sha256: skeleton.sha256 });
    expect(manifest.version).toBe(`${version}-skeleton`);
  });

  it("registers a skeleton stripped on the researcher's machine: checked filled, stored as it came", async () => {
    const { skeleton } = await stripModel(join(unet, "model.onnx"));
    const bytes = Uint8Array.from(skeleton);
    const manifest = JSON.parse(unetManifest);
    manifest.version = "local-strip";
    manifest.graphs.model = { ...manifest.graphs.model, file: "model.skel.onnx", sha256: sha256Bytes(bytes) };
    const imported = await importUploadedModel(
      db,
      artifactsDir,
      upload(JSON.stringify(manifest), [["model.skel.onnx", bytes]]),
    );
    expect(imported).toMatchObject({ version: "local-strip", created: true });
    expect(readFileSync(join(artifactsDir, sha256Bytes(bytes)))).toEqual(Buffer.from(bytes));
    // The check filled it in the upload's temporary directory; nothing filled was kept.
    expect(readdirSync(artifactsDir).filter((f) => f.includes("fill"))).toEqual([]);
  });
});
