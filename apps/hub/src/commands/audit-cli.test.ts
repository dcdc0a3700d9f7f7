import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { createDb, hashToken } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import { dataDirLayout } from "../config/data-dir.ts";
import { runCli } from "../testing/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "edgeseg-hub-audit-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("hub admin commands in the audit trail", () => {
  it("records token create and device approve / disable / enable as cli:<os user>, without the token", async () => {
    const token = runCli(["token", "create", "--data-dir", dir, "--approval", "--json"]);
    expect(token.status).toBe(0);
    const created = JSON.parse(token.stdout) as { token: string; expiresAt: string };

    const db = await createDb({ url: dataDirLayout(dir).dbUrl });
    try {
      await db.prisma.device.create({
        data: { id: "rpi4-audit-1", name: "rpi4-audit-1", secretHash: "scrypt$unused", status: "pending" },
      });
      for (const [action, exit] of [
        ["approve", 0],
        ["disable", 0],
        ["approve", 5], // approval never undoes a disable
        ["enable", 0],
        ["approve", 0], // already active: nothing written
      ] as const) {
        const run = runCli(["device", action, "rpi4-audit-1", "--data-dir", dir]);
        expect(run.status, `${action}: ${run.stderr}`).toBe(exit);
        if (exit === 5) {
          expect(run.stderr.trim().split("\n")).toHaveLength(1);
          expect(run.stderr).toContain("cannot approve device rpi4-audit-1: it is disabled");
        }
      }
      const entries = await db.prisma.auditEntry.findMany({ orderBy: [{ at: "asc" }, { id: "asc" }] });
      const who = `cli:${userInfo().username}`;
      expect(entries.map((e) => [e.actorLabel, e.actorUserId, e.action, e.before, e.after])).toEqual([
        [
          who,
          null,
          "token.create",
          null,
          JSON.stringify({ expiresAt: created.expiresAt, requiresApproval: true }),
        ],
        [who, null, "device.approve", '{"status":"pending"}', '{"status":"active"}'],
        [who, null, "device.disable", '{"status":"active"}', '{"status":"disabled"}'],
        [who, null, "device.enable", '{"status":"disabled"}', '{"status":"active"}'],
        // The refused approval and the last one (already active) wrote and recorded nothing.
      ]);
      const tokenRow = await db.prisma.enrollmentToken.findFirstOrThrow();
      expect(entries[0]?.targetId).toBe(tokenRow.id);
      const all = JSON.stringify(entries);
      expect(all).not.toContain(created.token);
      expect(all).not.toContain(hashToken(created.token));
    } finally {
      await db.close();
    }
  });
});
