import { type AuditEntry, userActor, verifySecret } from "@edgeseg/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cancelCampaign } from "./cancel-campaign.ts";
import { createCampaign } from "./create-campaign.ts";
import { importModel } from "./import-model.ts";
import { importSuite } from "./import-suite.ts";
import { rotateDeviceSecret } from "./rotate-device-secret.ts";
import { copyModel, seedDevice, type TestEnv, testEnv, writeSuite } from "./testing/index.ts";

let env: TestEnv;
const ada = userActor({ id: "u-ada", email: "ada@example.org" });
const cli = { userId: null, label: "cli:operator" };
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

const entries = (action: string): Promise<AuditEntry[]> =>
  env.db.prisma.auditEntry.findMany({ where: { action }, orderBy: { at: "asc" } });
const json = (text: string | null) => (text === null ? null : JSON.parse(text));

describe("registry writes in the audit trail", () => {
  it("records a suite import and each new model once, by who imported them; a re-import adds nothing", async () => {
    const path = writeSuite(env.dir);
    const suite = await importSuite(env.db, env.artifactsDir, path, { actor: cli });
    await importSuite(env.db, env.artifactsDir, path, { actor: ada });
    const [suiteEntry, ...more] = await entries("suite.import");
    expect(more).toHaveLength(0);
    expect(suiteEntry).toMatchObject({ actorLabel: "cli:operator", actorUserId: null, targetType: "suite" });
    expect(suiteEntry?.targetId).toBe("test-suite@1");
    expect(json(suiteEntry?.after ?? null)).toEqual({
      sha256: suite.sha256,
      dataset: suite.dataset,
      models: suite.models.map((m) => `${m.modelId}@${m.version}`),
    });
    const models = await entries("model.import");
    expect(models.map((e) => [e.targetId, e.actorLabel])).toEqual(
      suite.models.map((m) => [`${m.modelId}@${m.version}`, "cli:operator"]),
    );
    const first = suite.models[0];
    expect(json(models[0]?.after ?? null)).toMatchObject({
      manifestSha256: first?.manifestSha256,
      artifacts: first?.artifacts,
    });
  });

  it("records a model upload with the user's id and e-mail", async () => {
    const model = await importModel(env.db, env.artifactsDir, copyModel(env.dir, "box-prompt"), {
      actor: ada,
    });
    const [entry] = await entries("model.import");
    expect(entry).toMatchObject({
      actorUserId: "u-ada",
      actorLabel: "ada@example.org",
      targetType: "model",
      targetId: `${model.modelId}@${model.version}`,
      before: null,
    });
  });

  it("records a campaign's creation and its cancellation with the status before and after", async () => {
    await importSuite(env.db, env.artifactsDir, writeSuite(env.dir));
    await seedDevice(env.db, "pi4-a");
    await seedDevice(env.db, "pi4-b");
    const created = await createCampaign(
      env.db,
      {
        name: "Nightly",
        suiteId: "test-suite",
        modelIds: ["threshold-seg"],
        target: { deviceIds: ["pi4-a", "pi4-b"] },
      },
      { actor: ada },
    );
    const [made] = await entries("campaign.create");
    expect(made).toMatchObject({
      actorLabel: "ada@example.org",
      targetType: "campaign",
      targetId: created.campaignId,
    });
    expect(json(made?.after ?? null)).toMatchObject({
      name: "Nightly",
      status: "active",
      models: ["threshold-seg@1.0.0"],
      target: { deviceIds: ["pi4-a", "pi4-b"] },
      jobs: 2,
    });
    await env.db.prisma.job.update({ where: { id: created.jobIds[0] }, data: { status: "running" } });
    await cancelCampaign(env.db, created.campaignId, { actor: cli });
    await cancelCampaign(env.db, created.campaignId, { actor: cli }); // nothing left to change
    const cancels = await entries("campaign.cancel");
    expect(cancels).toHaveLength(1);
    expect(json(cancels[0]?.before ?? null)).toEqual({ status: "active" });
    expect(json(cancels[0]?.after ?? null)).toEqual({
      status: "cancelled",
      cancelledQueued: 1,
      pendingOnDevices: 1,
    });
  });

  it("rotates a device secret: only the new hash is stored, and the entry holds neither secret", async () => {
    await seedDevice(env.db, "pi4-a");
    const rotated = await rotateDeviceSecret(env.db, "pi4-a", { actor: ada });
    expect(rotated.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const row = await env.db.prisma.device.findUniqueOrThrow({ where: { id: "pi4-a" } });
    expect(row.secretHash).not.toContain(rotated.secret);
    expect(await verifySecret(rotated.secret, row.secretHash)).toBe(true);
    const [entry] = await entries("device.rotate-secret");
    expect(entry).toMatchObject({ actorLabel: "ada@example.org", targetType: "device", targetId: "pi4-a" });
    const text = JSON.stringify(entry);
    expect(text).not.toContain(rotated.secret);
    expect(text).not.toContain(row.secretHash);
    await expect(rotateDeviceSecret(env.db, "nope", { actor: ada })).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('no device "nope"'),
    });
  });
});
