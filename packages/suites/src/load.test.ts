import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { loadManifest, sha256Bytes } from "@edgeseg/bench";
import { PHANTOM_GENERATOR_ID, PHANTOM_LABELS, PHANTOM_SEEDS, PHANTOM_VERSION } from "@edgeseg/phantom";
import { describe, expect, it } from "vitest";
import { bundledSuitePath, loadSuite, manifestPath } from "./load.ts";
import { suiteScenario } from "./schema.ts";

describe("loadSuite", () => {
  it("resolves standard-v1 to the bundled file, validated and hashed by its bytes", async () => {
    const loaded = await loadSuite("standard-v1");
    expect(loaded.path).toBe(bundledSuitePath("standard-v1"));
    expect(loaded.suite.id).toBe("standard-v1");
    expect(loaded.sha256).toBe(sha256Bytes(await readFile(loaded.path)));
    expect(loaded.suite.dataset).toMatchObject({
      generator: PHANTOM_GENERATOR_ID,
      generatorVersion: PHANTOM_VERSION,
      seed: PHANTOM_SEEDS.test,
      split: "test",
      cases: 4,
    });
    expect(suiteScenario(loaded.suite).nsdToleranceMm).toBe(2);
    expect(await loadSuite(loaded.path)).toEqual(loaded);
  });

  it("pins three models whose manifests validate, name canonical organs and are honest about use", async () => {
    const loaded = await loadSuite("standard-v1");
    expect(loaded.suite.models.map((m) => m.id)).toEqual([
      "unet2d-small",
      "unet2d-base",
      "litemedsam-phantom",
    ]);
    for (const entry of loaded.suite.models) {
      const path = manifestPath(loaded, entry.manifest);
      expect(sha256Bytes(await readFile(path)), `${entry.id} manifest sha256`).toBe(entry.sha256);
      const { manifest, dir } = await loadManifest(path);
      expect(manifest.id).toBe(entry.id);
      expect(manifest.trained).toBe(true);
      expect(manifest.labels).toEqual(Object.fromEntries(Object.entries(PHANTOM_LABELS)));
      expect(manifest.intendedUse.toLowerCase()).toContain(
        "trained on a synthetic phantom, for demonstrating and testing edgeseg, not for clinical use",
      );
      for (const [role, graph] of Object.entries(manifest.graphs)) {
        const file = join(dir, graph.file);
        expect(sha256Bytes(await readFile(file)), `${entry.id} ${role} sha256`).toBe(graph.sha256);
        expect((await stat(file)).size, `${entry.id} ${role} size`).toBeLessThanOrEqual(10 * 1024 * 1024);
      }
      const metrics = JSON.parse(await readFile(join(dirname(path), "training-metrics.json"), "utf8"));
      expect(metrics.testDatasetSha256).toBe(loaded.suite.dataset.sha256);
    }
  });

  it("names a missing suite and a malformed one clearly", async () => {
    await expect(loadSuite("standard-v9")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: /standard-v9/,
    });
    const manifestFile = (await loadSuite("standard-v1")).suite.models[0]!.manifest;
    const notASuite = join(dirname(bundledSuitePath("standard-v1")!), manifestFile);
    await expect(loadSuite(notASuite)).rejects.toMatchObject({ code: "INPUT", message: /invalid suite at/ });
  });
});
