import { leaderboard, leaderboardDetails } from "@edgeseg/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildLeaderboard } from "../../apps/dashboard/lib/ranking/leaderboard-view.ts";
import { classPolicy } from "../../apps/dashboard/lib/ranking/policy.ts";
import { type BrowserContext, logIn, newContext, type Page } from "../../scripts/stack/browser.ts";
import { parseCsv } from "./csv.ts";
import type { BrowserStack } from "./harness.ts";

/**
 * The dashboard against the quick start's stack (quickstart.test.ts starts it: production build, a
 * real hub and a real agent on this machine, Debian's Chromium). The tests run in order, before the
 * report's cases add devices to the stack.
 */
export function dashboardCases(stack: () => BrowserStack) {
  describe("dashboard in Chromium", () => {
    let env: BrowserStack;
    let admin: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      env = stack();
      admin = await newContext(env.browser, env.stack.urls.dashboard);
      page = await admin.newPage();
    }, 60_000);

    afterAll(async () => {
      await admin?.close();
    }, 60_000);

    it("the quick start's campaign ran every model of the suite on the agent", () => {
      expect(env.stack.jobs.map((j) => [j.modelId, j.status])).toEqual(
        env.stack.suite.models.map((m) => [m.modelId, "succeeded"]),
      );
      expect(env.stack.jobs.every((j) => j.result?.verdict === "VALID")).toBe(true);
    });

    it("logs in with the generated admin password and refuses a wrong one", async () => {
      await page.goto("/login");
      await page.getByTestId("login-email").fill(env.stack.admin.email);
      await page.getByTestId("login-password").fill("not-the-password");
      await page.getByTestId("login-submit").click();
      await expect(page.getByTestId("login-error").textContent()).resolves.toMatch(/\S/);
      await logIn(page, env.stack.admin.email, env.stack.admin.password!);
      expect(await page.getByTestId("current-user").textContent()).toContain(env.stack.admin.email);
    });

    it("shows the local agent online on the fleet page", async () => {
      await page.goto("/");
      const row = page.locator(`[data-testid="device-row"][data-device-id="${env.stack.deviceId}"]`);
      await expect(row.getAttribute("data-state")).resolves.toBe("online");
      expect(await page.getByTestId("device-row").count()).toBe(1);
      const cls = page.locator(`[data-testid="class-count"][data-class="${env.stack.deviceClassId}"]`);
      expect(await cls.getByTestId("class-count-online").textContent()).toBe("1");
    });

    it("draws the leaderboard charts and ranks the models as the database does", async () => {
      const { db, suite, deviceClassId } = env.stack;
      const slice = { suiteSha256: suite.sha256, deviceClassId: deviceClassId! };
      await page.goto(
        `/leaderboard?class=${encodeURIComponent(slice.deviceClassId)}&suite=${slice.suiteSha256}`,
      );
      const pareto = page.locator('[data-testid="pareto-chart"][data-drawn="true"]');
      const latency = page.locator('[data-testid="latency-chart"][data-drawn="true"]');
      await pareto.waitFor({ timeout: 20_000 });
      await latency.waitFor({ timeout: 20_000 });
      const rows = await page.getByTestId("leaderboard-row").evaluateAll((els) =>
        els.map((e) => ({
          model: `${e.getAttribute("data-model-id")}@${e.getAttribute("data-model-version")}`,
          resultId: e.getAttribute("data-result-id"),
          score: Number(e.getAttribute("data-score")),
        })),
      );

      // The database's per-device figures: every model of the suite, one row each, this device behind it.
      const best = await leaderboard(db, slice);
      expect(best).toHaveLength(suite.models.length);
      expect(rows.map((r) => r.model).sort()).toEqual(
        best.map((b) => `${b.modelId}@${b.modelVersion}`).sort(),
      );
      expect(best.every((b) => b.devices.length === 1 && b.devices[0]?.deviceId === env.stack.deviceId)).toBe(
        true,
      );
      // Their order: the class's stored policy applied to the database's figures.
      const classRow = await db.prisma.deviceClass.findUniqueOrThrow({ where: { id: slice.deviceClassId } });
      const expected = buildLeaderboard(await leaderboardDetails(db, slice), classPolicy(classRow));
      expect(rows.map((r) => r.model)).toEqual(expected.rows.map((r) => r.label));
      expect(rows.map((r) => r.resultId)).toEqual(expected.rows.map((r) => r.resultId));
      for (const [i, row] of rows.entries()) {
        expect(row.score).toBeCloseTo(expected.rows[i]!.score ?? Number.NaN, 6);
        if (i > 0) expect(row.score).toBeLessThanOrEqual(rows[i - 1]!.score);
      }
      // The chart plots every ranked model.
      expect(JSON.parse((await pareto.getAttribute("data-points")) ?? "0")).toBe(best.length);
    });

    it("exports the quick start campaign as CSV with one row per result and organ, as stored", async () => {
      const { db, campaignId } = env.stack;
      await page.goto(`/campaigns/${campaignId}`);
      const href = await page.getByTestId("campaign-export-csv").getAttribute("href");
      const res = await admin.request.get(href!);
      expect(res.status()).toBe(200);
      expect(res.headers()["content-disposition"]).toContain(`campaign-${campaignId}.csv`);
      const { header, rows } = parseCsv(await res.text());
      expect(header).toContain("organ_mean_dice");

      const results = await db.prisma.result.findMany({
        where: { job: { campaignId: campaignId! } },
        include: { organs: true },
      });
      expect(results).toHaveLength(env.stack.suite.models.length);
      expect(rows).toHaveLength(results.reduce((n, r) => n + Math.max(1, r.organs.length), 0));
      for (const result of results) {
        const mine = rows.filter((row) => row.result_id === result.id);
        expect(mine.map((row) => row.organ).sort()).toEqual(result.organs.map((o) => o.organ).sort());
        for (const row of mine) {
          expect(row).toMatchObject({
            campaign_id: campaignId,
            job_id: result.jobId,
            device_id: result.deviceId,
            model_id: result.modelId,
            verdict: result.verdict,
          });
          expect(Number(row.mean_dice)).toBeCloseTo(result.meanDice!, 9);
          const organ = result.organs.find((o) => o.organ === row.organ)!;
          expect(Number(row.organ_mean_dice)).toBeCloseTo(organ.meanDice!, 9);
        }
      }
    });

    it("creates a campaign through the form that completes on the real agent", async () => {
      const { db, deviceId } = env.stack;
      await page.goto("/campaigns");
      const form = page.getByTestId("campaign-form");
      await form.getByTestId("campaign-name").fill("browser test: unet2d-small");
      for (const box of await form.getByTestId("campaign-model").all()) {
        await box.setChecked((await box.getAttribute("value"))?.startsWith("unet2d-small@") ?? false);
      }
      await form.getByTestId("campaign-devices").selectOption(deviceId);
      await form.getByTestId("campaign-min-duration").fill("0");
      await form.getByTestId("campaign-min-queries").fill("100");
      await form.getByTestId("campaign-max-cases").fill("1");
      await form.getByTestId("campaign-timeout").fill("5");
      await form.getByTestId("campaign-create").click();
      await page.waitForURL(/\/campaigns\/[^/]+$/, { timeout: 30_000 });
      const campaignId = page.url().split("/").pop()!;

      // The page refreshes itself while the campaign runs.
      await page
        .locator('[data-testid="campaign-status"][data-status="completed"]')
        .waitFor({ timeout: 120_000 });
      const jobRows = page.getByTestId("campaign-job-row");
      expect(await jobRows.count()).toBe(1);
      expect(await jobRows.first().getAttribute("data-status")).toBe("succeeded");

      const campaign = await db.prisma.campaign.findUniqueOrThrow({
        where: { id: campaignId },
        include: { jobs: { include: { result: true } }, createdBy: true },
      });
      expect(campaign.createdBy?.email).toBe(env.stack.admin.email);
      expect(campaign.overrides).toMatchObject({
        singleStream: { minDurationMs: 0, minQueries: 100 },
        maxCases: 1,
      });
      expect(campaign.jobs.map((j) => [j.modelId, j.deviceId, j.status])).toEqual([
        ["unet2d-small", deviceId, "succeeded"],
      ]);
      expect(campaign.jobs[0]!.result?.verdict).toBe("VALID");
    });

    it("lets a viewer read but not create a campaign, in the UI or through the API", async () => {
      const { db, suite, deviceId } = env.stack;
      await page.goto("/admin");
      const userForm = page.getByTestId("user-form");
      await userForm.locator('input[name="email"]').fill("viewer@browser.test");
      await userForm.locator('select[name="role"]').selectOption("viewer");
      await page.getByTestId("user-create").click();
      const password = await page.getByTestId("new-user-password").textContent({ timeout: 20_000 });

      const viewer = await newContext(env.browser, env.stack.urls.dashboard);
      try {
        const viewerPage = await viewer.newPage();
        await logIn(viewerPage, "viewer@browser.test", password!.trim());
        await viewerPage.goto("/campaigns");
        await viewerPage.getByTestId("campaign-table").waitFor();
        expect(await viewerPage.getByTestId("campaign-row").count()).toBe(2);
        expect(await viewerPage.getByTestId("campaign-form").count()).toBe(0);

        const before = await db.prisma.campaign.count();
        const res = await viewer.request.post("/api/campaigns", {
          data: {
            name: "viewer's campaign",
            suiteId: suite.sha256,
            modelIds: ["unet2d-small"],
            target: { deviceIds: [deviceId] },
          },
        });
        expect(res.status()).toBe(403);
        expect((await res.json()).error.code).toBe("FORBIDDEN");
        expect(await db.prisma.campaign.count()).toBe(before);
      } finally {
        await viewer.close();
      }
    });
  });
}
