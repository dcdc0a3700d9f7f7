import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AuditPage, createDb, type Db, migrate, recordAudit } from "@edgeseg/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../../apps/dashboard/lib/auth/sessions.ts";
import { createUser } from "../../apps/dashboard/lib/auth/users.ts";
import { type Browser, launchChromium, logIn, newContext } from "../../scripts/stack/browser.ts";
import { ensureDashboardBuild } from "../../scripts/stack/build.ts";
import type { Child } from "../../scripts/stack/child.ts";
import { startDashboard } from "../../scripts/stack/dashboard.ts";
import { stackLayout } from "../../scripts/stack/paths.ts";
import { freePort } from "../../scripts/stack/ports.ts";

// The production build (next build + next start) on a database seeded here: the audit page and API
// are for admins only, and ending a user's sessions logs that user out at their next request.
describe("audit trail and session revocation over HTTP and in Chromium", () => {
  const root = mkdtempSync(join(tmpdir(), "edgeseg-audit-"));
  const layout = stackLayout(root);
  let db: Db;
  let dashboard: Child | undefined;
  let browser: Browser | undefined;
  let base = "";
  const people = {
    admin: { email: "admin@audit.test", password: "admin-password-1", role: "admin" as const },
    researcher: { email: "res@audit.test", password: "researcher-pw-1", role: "researcher" as const },
    viewer: { email: "view@audit.test", password: "viewer-password-1", role: "viewer" as const },
  };
  const ids: Record<keyof typeof people, string> = { admin: "", researcher: "", viewer: "" };
  const cookie = async (who: keyof typeof people) =>
    `edgeseg_session=${(await createSession(db.prisma, ids[who], 3_600_000)).token}`;
  const get = (path: string, cookieHeader?: string) =>
    fetch(`${base}${path}`, { headers: cookieHeader ? { cookie: cookieHeader } : {}, redirect: "manual" });

  beforeAll(async () => {
    mkdirSync(layout.hubDir, { recursive: true });
    mkdirSync(layout.logsDir, { recursive: true });
    const url = `file:${join(layout.hubDir, "edgeseg.db")}`;
    await migrate(url);
    db = await createDb({ url });
    for (const who of ["admin", "researcher", "viewer"] as const) {
      ids[who] = (await createUser(db.prisma, people[who])).id;
    }
    await db.prisma.deviceClass.create({
      data: {
        id: "rpi4",
        name: "Raspberry Pi 4",
        memoryBudgetMb: 1024,
        caseTimeBudgetS: 60,
        diceThreshold: 0.7,
        nsdThreshold: 0.7,
      },
    });
    await db.prisma.device.create({
      data: {
        id: "rpi4-audit",
        name: "rpi4-audit",
        secretHash: "scrypt$seeded",
        status: "active",
        deviceClassId: "rpi4",
      },
    });
    // Enough older entries for a second page (50 a page).
    const operator = { userId: null, label: "cli:operator" };
    await db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 55; i++) {
        await recordAudit(
          tx,
          operator,
          {
            action: "campaign.cancel",
            targetId: `c-${i}`,
            before: { status: "active" },
            after: { status: "cancelled" },
          },
          new Date(Date.UTC(2026, 10, 1, 0, i)),
        );
      }
    });
    await ensureDashboardBuild(join(layout.logsDir, "build.log"));
    const port = await freePort();
    dashboard = await startDashboard(layout, port, "http://127.0.0.1:9");
    base = `http://127.0.0.1:${port}`;
  }, 420_000);

  afterAll(async () => {
    await browser?.close().catch(() => {});
    await dashboard?.stop();
    await db?.close();
    rmSync(root, { recursive: true, force: true });
  }, 60_000);

  it("answers the audit API for an admin only: 401 without a session, 403 for a viewer or researcher", async () => {
    expect((await get("/api/audit")).status).toBe(401);
    for (const who of ["viewer", "researcher"] as const) {
      const res = await get("/api/audit", await cookie(who));
      expect(res.status).toBe(403);
      expect(await res.json()).toMatchObject({ error: { code: "FORBIDDEN" } });
    }
    const res = await get("/api/audit?pageSize=10", await cookie("admin"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ total: 55, page: 1, pageSize: 10, pages: 6 });
    const bad = await get("/api/audit?from=yesterday", await cookie("admin"));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'from "yesterday" is not a date',
    );
  });

  it("records an admin's token and secret rotation with their e-mail, and no secret in any entry", async () => {
    const admin = await cookie("admin");
    const post = (path: string, body?: unknown) =>
      fetch(`${base}${path}`, {
        method: "POST",
        headers: { cookie: admin, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const token = await post("/api/tokens", { expiresInHours: 2, requiresApproval: false });
    expect(token.status).toBe(201);
    const { token: tokenText } = (await token.json()) as { token: string };
    const rotated = await post("/api/devices/rpi4-audit/secret");
    expect(rotated.status).toBe(200);
    const { secret } = (await rotated.json()) as { secret: string };
    expect(secret).toMatch(/^[\w-]{43}$/);
    // A viewer cannot rotate a secret either.
    const refused = await fetch(`${base}/api/devices/rpi4-audit/secret`, {
      method: "POST",
      headers: { cookie: await cookie("viewer") },
    });
    expect(refused.status).toBe(403);

    const page = (await (await get("/api/audit?pageSize=200", admin)).json()) as AuditPage;
    const mine = page.entries.filter((e) => e.actorLabel === people.admin.email);
    expect(mine.map((e) => [e.action, e.targetId, e.actorUserId])).toEqual([
      ["device.rotate-secret", "rpi4-audit", ids.admin],
      ["token.create", expect.any(String), ids.admin],
    ]);
    const text = JSON.stringify(page);
    const row = await db.prisma.device.findUniqueOrThrow({ where: { id: "rpi4-audit" } });
    for (const s of [tokenText, secret, row.secretHash]) expect(text).not.toContain(s);
  });

  it("sends a viewer away from the audit page and shows them no link to it", async () => {
    const res = await get("/admin/audit", await cookie("viewer"));
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toContain("/forbidden");
    browser = await launchChromium();
    const context = await newContext(browser, base);
    const page = await context.newPage();
    await logIn(page, people.viewer.email, people.viewer.password);
    expect(await page.getByTestId("nav-audit").count()).toBe(0);
    await page.goto("/admin/audit");
    expect(new URL(page.url()).pathname).toBe("/forbidden");
    expect(await page.getByTestId("audit-table").count()).toBe(0);
    await context.close();
  });

  it("lists, filters and pages the trail for an admin in Chromium", async () => {
    const context = await newContext(browser!, base);
    const page = await context.newPage();
    await logIn(page, people.admin.email, people.admin.password);
    await page.getByTestId("nav-audit").click();
    await page.getByTestId("audit-table").waitFor();
    expect(await page.getByTestId("audit-row").count()).toBe(50);
    const first = page.getByTestId("audit-row").first();
    expect(await first.getAttribute("data-action")).toBe("device.rotate-secret");
    expect(await first.getByTestId("audit-actor").textContent()).toBe(people.admin.email);
    await page.getByTestId("audit-pager").getByText("Older").click();
    await page.waitForURL(/page=2/);
    expect(await page.getByTestId("audit-row").count()).toBe(57 - 50);

    await page.goto("/admin/audit");
    await page.getByTestId("audit-filters").locator('select[name="action"]').selectOption("token.create");
    await page.getByTestId("audit-filters").getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/action=token\.create/);
    const actions = await page
      .getByTestId("audit-row")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["token.create"]);
    await page.goto("/admin/audit?from=2026-11-01&to=2026-11-01&actor=cli%3Aoperator");
    expect(await page.getByTestId("audit-row").count()).toBe(50);
    expect(await page.getByTestId("audit-pager").textContent()).toContain("Page 1 of 2");
    await context.close();
  });

  it("ends a user's sessions: their next page load asks them to log in, their API calls get 401", async () => {
    const viewerCookie = await cookie("viewer");
    expect((await get("/", viewerCookie)).status).toBe(200);
    const res = await fetch(`${base}/api/users/${ids.viewer}/sessions`, {
      method: "DELETE",
      headers: { cookie: await cookie("admin") },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ email: people.viewer.email, endedSessions: expect.any(Number) });
    const next = await get("/", viewerCookie);
    expect(next.status).toBe(307);
    expect(next.headers.get("location")).toContain("/login");
    expect((await get("/api/fleet", viewerCookie)).status).toBe(401);
    const [entry] = await db.prisma.auditEntry.findMany({ where: { action: "user.sessions-revoke" } });
    expect(entry).toMatchObject({ actorLabel: people.admin.email, targetId: ids.viewer });
  });
});
