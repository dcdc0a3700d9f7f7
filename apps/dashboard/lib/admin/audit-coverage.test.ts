import { auditActionNames, hashToken, userActor } from "@edgeseg/db";
import {
  cancelCampaign,
  createCampaign,
  importModel,
  revokeEnrollmentToken,
  rotateDeviceSecret,
} from "@edgeseg/registry";
import { importSuite } from "@edgeseg/registry/suites";
import { copyModel, seedDevice, type TestEnv, testEnv, writeSuite } from "@edgeseg/registry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "../auth/sessions.ts";
import { createUser } from "../auth/users.ts";
import { classPolicy } from "../ranking/policy.ts";
import { applyDeviceAction } from "./devices.ts";
import { resetClassPolicy, saveClassPolicy } from "./policy.ts";
import { createTokenFromForm } from "./tokens.ts";
import { revokeUserSessions, setUserPassword, setUserRole } from "./users.ts";

// Every audited action once, through the functions the dashboard and the hub call, against one real
// SQLite file; then the whole trail is searched for every secret those actions handled.
describe("the audit trail as a whole", () => {
  let env: TestEnv;
  const secrets: string[] = [];
  beforeAll(async () => {
    env = await testEnv();
  });
  afterAll(() => env.dispose());

  it("has an entry for every action, each naming its actor, and no secret anywhere", async () => {
    const prisma = env.db.prisma;
    const root = await createUser(prisma, {
      email: "root@example.org",
      password: "root-password-1",
      role: "admin",
    });
    const admin = userActor(root);
    const cli = { userId: null, label: "cli:operator" };

    const user = await createUser(
      prisma,
      { email: "u@example.org", password: "user-password-1", role: "viewer" },
      admin,
    );
    await setUserRole(prisma, user.id, "researcher", admin);
    const session = await createSession(prisma, user.id, 3_600_000);
    await setUserPassword(prisma, user.id, "user-password-2", admin);
    const session2 = await createSession(prisma, user.id, 3_600_000);
    await revokeUserSessions(prisma, user.id, admin);
    secrets.push("root-password-1", "user-password-1", "user-password-2", session.token, session2.token);
    secrets.push(hashToken(session.token), hashToken(session2.token));
    for (const u of await prisma.user.findMany()) secrets.push(u.passwordHash);

    const token = await createTokenFromForm(
      env.db,
      { expiresInHours: 2, requiresApproval: true, createdById: root.id },
      admin,
    );
    await revokeEnrollmentToken(env.db, token.id, { actor: admin });
    secrets.push(token.token, hashToken(token.token));

    await seedDevice(env.db, "pi-pending", { status: "pending" });
    await seedDevice(env.db, "pi-reject", { status: "pending" });
    await applyDeviceAction(env.db, "pi-pending", "approve", admin);
    await applyDeviceAction(env.db, "pi-reject", "remove", admin);
    await applyDeviceAction(env.db, "pi-pending", "disable", admin);
    await applyDeviceAction(env.db, "pi-pending", "enable", admin);
    const first = await rotateDeviceSecret(env.db, "pi-pending", { actor: admin });
    const second = await rotateDeviceSecret(env.db, "pi-pending", { actor: cli });
    secrets.push(first.secret, second.secret);
    secrets.push((await prisma.device.findUniqueOrThrow({ where: { id: "pi-pending" } })).secretHash);

    await importModel(env.db, env.artifactsDir, copyModel(env.dir, "box-prompt"), { actor: admin });
    await importSuite(env.db, env.artifactsDir, writeSuite(env.dir), { actor: cli });
    const campaign = await createCampaign(
      env.db,
      {
        name: "c",
        suiteId: "test-suite",
        modelIds: ["threshold-seg"],
        target: { deviceIds: ["pi-pending"] },
      },
      { actor: admin },
    );
    await cancelCampaign(env.db, campaign.campaignId, { actor: admin });

    const cls = await prisma.deviceClass.findUniqueOrThrow({ where: { id: "rpi4-4gb" } });
    await saveClassPolicy(prisma, cls.id, { ...classPolicy(cls), diceThreshold: 0.85 }, admin);
    await resetClassPolicy(prisma, cls.id, admin);

    const entries = await prisma.auditEntry.findMany();
    expect([...new Set(entries.map((e) => e.action))].sort()).toEqual([...auditActionNames].sort());
    const actors = entries.map((e) => `${e.actorLabel} ${e.actorUserId}`);
    // The suite with the one model it added, and the second rotation, were the operator's.
    expect(actors.filter((a) => a === "cli:operator null")).toHaveLength(3);
    expect(actors.filter((a) => a === `root@example.org ${root.id}`)).toHaveLength(entries.length - 3);
    const text = JSON.stringify(entries);
    for (const secret of secrets) expect(text, "a secret in the audit trail").not.toContain(secret);
  });
});
