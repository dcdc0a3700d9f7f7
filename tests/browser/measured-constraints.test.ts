import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { upsertResult } from "@edgeseg/db";
import { resultDocument, seedDevice } from "@edgeseg/db/testing";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Browser,
  type BrowserContext,
  launchChromium,
  logIn,
  newContext,
  type Page,
} from "../../scripts/stack/browser.ts";
import { freePort } from "../../scripts/stack/ports.ts";
import { type Stack, startStack } from "../../scripts/stack/stack.ts";
import { parseCsv } from "./csv.ts";

/** A fine-tuning block as an agent fills it (packages/protocol fineTuningResultSchema), hand-built. */
function fineTuning(stepMs: number, plateauMs: number, peakRssMb: number, after: number) {
  return {
    status: "succeeded" as const,
    failure: null,
    mechanism: "onnx-backward-graphs/1",
    trainable: { part: "last decoder stage + head", parameters: 4_705, frozenParameters: 116_512 },
    site: { dataset: "phantom-site-b", trainSlices: 16, testCases: 4 },
    optimizer: { name: "adam" as const, learningRate: 0.001 },
    batchSize: 4,
    epochs: 10,
    steps: 40,
    stepMs: { p50: stepMs, mean: stepMs * 1.05 },
    epochMs: stepMs * 4,
    plateau: { step: 24, ms: plateauMs },
    totalMs: plateauMs * 2,
    peakRssMb,
    loss: { first: 0.9, last: 0.2 },
    before: { meanDice: 0.41, meanNsd: 0.39 },
    after: { meanDice: after, meanNsd: after - 0.02 },
  };
}

// The quick start's stack (production dashboard build, real hub, idle agent) without its campaign:
// the results are hand-built documents (packages/protocol's schema, as an agent fills them) stored as
// the hub stores a dispatched result, in one campaign on a Raspberry Pi 4 class. Two devices ran the
// suite's first model and also fine-tuned it on the device (medians: step 14 ms, plateau 30 min, peak
// 400 MB, DSC 0.41 → 0.83); a third ran a skeleton of it (synthetic weights, the class's fastest
// per-case time) for a job of the campaign; a skeleton version has only such a run (not ranked).
describe("measured constraints and synthetic weights in Chromium", () => {
  const CLASS = "raspberry-pi-4";
  let root: string;
  let stack: Stack | null = null;
  let browser: Browser | null = null;
  let admin: BrowserContext;
  let page: Page;
  let model: { modelId: string; version: string };
  let campaignId: string;
  let skeletonResultId: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "edgeseg-measured-"));
    browser = await launchChromium();
    stack = await startStack({
      root,
      ports: { dashboard: await freePort(), http: await freePort(), mqtt: await freePort() },
      adminEmail: "admin@measured.test",
      telemetryIntervalS: 30,
      reset: false,
      benchmark: "never",
      wait: false,
      suite: "standard-v1",
      campaignTimeoutMs: 0,
      report: () => {},
    });
    const { db, suite } = stack;
    model = suite.models[0]!;
    const catalogue = await db.prisma.model.findUniqueOrThrow({
      where: { id_version: { id: model.modelId, version: model.version } },
    });
    const definition = (await db.prisma.suite.findUniqueOrThrow({ where: { sha256: suite.sha256 } }))
      .definition as { dataset?: { sha256?: string } };
    const datasetSha256 = definition.dataset?.sha256 ?? "";
    campaignId = (
      await db.prisma.campaign.create({
        data: { name: "measured constraints", suiteSha256: suite.sha256, status: "active", target: {} },
      })
    ).id;
    for (const device of ["tune-a", "tune-b", "skeleton-pi"]) await seedDevice(db, device, CLASS);
    const store = async (device: string, doc: ResultDocument, dispatched: boolean) => {
      const job = dispatched
        ? await db.prisma.job.create({
            data: {
              campaignId,
              deviceId: device,
              modelId: doc.model.id,
              modelVersion: doc.model.version,
              status: "running",
              timeoutMs: 60_000,
            },
          })
        : null;
      const stored = await upsertResult(db, resultDocumentSchema.parse(doc), {
        deviceId: device,
        deviceClassId: CLASS,
        ...(job ? { jobId: job.id } : {}),
      });
      expect(stored.created).toBe(true);
    };
    const doc = (version = model.version) => {
      const d = resultDocument({
        modelId: model.modelId,
        modelVersion: version,
        suiteSha256: suite.sha256,
        peakRssMb: 420,
      });
      d.model.manifestSha256 = catalogue.manifestSha256; // the catalogue's manifest: the job's model
      d.dataset.sha256 = datasetSha256; // and the suite's dataset: what the job asked for
      return d;
    };
    await store("tune-a", { ...doc(), fineTuning: fineTuning(12, 1_200_000, 300, 0.8) }, true);
    await store("tune-b", { ...doc(), fineTuning: fineTuning(16, 2_400_000, 500, 0.86) }, true);
    const skeleton = (version: string): ResultDocument => {
      const d = doc(version);
      d.model.weights = "synthetic";
      d.accuracy = null;
      d.timing!.perCase = { count: 1, meanMs: 4.5, p50Ms: 4.5, maxMs: 4.5 };
      return d;
    };
    const fast = skeleton(model.version);
    skeletonResultId = fast.resultId;
    await store("skeleton-pi", fast, true);
    await store("skeleton-pi", skeleton(`${model.version}-skeleton`), false);

    admin = await newContext(browser, stack.urls.dashboard);
    page = await admin.newPage();
    await logIn(page, stack.admin.email, stack.admin.password!);
  }, 600_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await stack?.close();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  const leaderboardUrl = () => `/leaderboard?suite=${stack!.suite.sha256}&class=${CLASS}`;

  it("shows both measured constraints with their numbers on the leaderboard", async () => {
    await page.goto(leaderboardUrl());
    const row = page.locator(
      `[data-testid="leaderboard-row"][data-model-id="${model.modelId}"][data-model-version="${model.version}"]`,
    );
    const tuning = row.locator('[data-testid="constraint-badge"][data-constraint="fineTuning"]');
    expect(await tuning.getAttribute("data-status")).toBe("pass");
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("step 14 ms; plateau 30 min of 8 h;");
    expect(text).toMatch(/peak 400 MB of \d+ MB; DSC 0\.41 → 0\.83 \(\+0\.42\)/);
    expect(text).toContain("measured on 2 devices, 2 runs");
    const locality = row.locator('[data-testid="constraint-badge"][data-constraint="dataLocality"]');
    expect(await locality.getAttribute("data-status")).toBe("pass");
    expect(text).toMatch(/verified: [\d.]+ KB numbers only/);
    expect(await row.getByTestId("egress-numbers").textContent()).toMatch(
      /^[\d.]+ KB sent · \d+ messages · largest [\d.]+ KB/,
    );
    // Models that did not fine-tune on a device are "not measured", whatever their manifest claims.
    const others = page.locator(
      '[data-testid="leaderboard-row"] [data-testid="constraint-badge"][data-constraint="fineTuning"]',
    );
    const statuses = await others.evaluateAll((els) => els.map((e) => e.getAttribute("data-status")));
    expect(statuses.filter((s) => s === "unknown").length).toBe(statuses.length - 1);
    // The printed formula says how both reach the score.
    const formula = (await page.getByTestId("composite-formula").textContent()) ?? "";
    expect(formula).toContain("fine-tuning = 1 if fine-tuning measured on the class's devices passes");
    expect(formula).toContain("data locality [egress audit present, ≤ 256 KB per job]");
    // The skeleton version is listed, not ranked, and labelled.
    const excluded = page.locator(
      `[data-testid="excluded-row"][data-model="${model.modelId}@${model.version}-skeleton"]`,
    );
    expect(await excluded.getByTestId("synthetic-weights").textContent()).toContain(
      "synthetic weights: timing and memory only",
    );
    // The policy form edits the fine-tuning budget.
    expect(await page.getByTestId("policy-fineTuningBudgetMinutes").inputValue()).toBe("480");
  });

  it("shows them on the model card, and labels the skeleton's fastest time as synthetic weights", async () => {
    await page.goto(
      `/models/${encodeURIComponent(model.modelId)}?version=${encodeURIComponent(model.version)}`,
    );
    const measured = page.locator(`[data-testid="model-measured-row"][data-class="${CLASS}"]`);
    const text = (await measured.textContent()) ?? "";
    expect(text).toContain("step 14 ms; plateau 30 min of 8 h;");
    expect(text).toContain("DSC 0.41 → 0.83 (+0.42)");
    expect(text).toMatch(/[\d.]+ KB sent · \d+ messages · largest [\d.]+ KB/);
    expect(text).toContain("a claim, not a measurement");
    const fastest = page.locator(
      `[data-testid="model-class-row"][data-class="${CLASS}"] [data-testid="model-class-fastest"]`,
    );
    expect(await fastest.textContent()).toContain("4.5 ms");
    expect(await fastest.getByTestId("synthetic-weights").textContent()).toBe(
      "synthetic weights: timing and memory only",
    );
  });

  it("labels the skeleton in the fleet report, with the measured constraints' numbers", async () => {
    await page.goto(leaderboardUrl().replace("/leaderboard?", "/leaderboard/report?"));
    await page.locator('[data-testid="report"]').waitFor();
    const skeleton = page.locator(
      `[data-testid="report-model"][data-model="${model.modelId}@${model.version}-skeleton"]`,
    );
    expect(await skeleton.getByTestId("report-synthetic").textContent()).toContain(
      "synthetic weights: timing and memory only",
    );
    const tuning = page.locator(
      `[data-testid="report-constraints"][data-model="${model.modelId}@${model.version}"] [data-testid="report-constraint"][data-constraint="fineTuning"]`,
    );
    expect(await tuning.getAttribute("data-status")).toBe("pass");
    expect(await tuning.textContent()).toContain("step 14 ms; plateau 30 min of 8 h;");
  });

  it("labels the skeleton's row of the campaign CSV", async () => {
    const res = await admin.request.get(`/api/export/campaigns/${campaignId}.csv`);
    expect(res.status()).toBe(200);
    const { rows } = parseCsv(await res.text());
    const skeleton = rows.filter((r) => r.result_id === skeletonResultId);
    expect(skeleton.map((r) => [r.weights, r.per_case_mean_ms, r.mean_dice])).toEqual([
      ["synthetic", "4.5", ""],
    ]);
    expect(rows.filter((r) => r.result_id !== skeletonResultId).every((r) => r.weights === "own")).toBe(true);
  });
});
