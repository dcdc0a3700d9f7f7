import type { DeviceStatus } from "@edgeseg/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDevice, type TestEnv, testEnv } from "../testing/index.ts";
import { changeDeviceStatus } from "./change-status.ts";
import { DEVICE_TRANSITIONS, type DeviceAction, deviceActions, deviceStatuses } from "./transitions.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

const cli = { userId: null, label: "cli:operator" };

// The whole table written out by hand, so a changed cell is a deliberate edit here too.
const expected: Record<DeviceAction, Record<DeviceStatus, DeviceStatus | "deleted" | "refused">> = {
  approve: { pending: "active", active: "active", disabled: "refused" },
  disable: { pending: "disabled", active: "disabled", disabled: "disabled" },
  enable: { pending: "refused", active: "active", disabled: "active" },
  remove: { pending: "deleted", active: "refused", disabled: "refused" },
};

describe("the device status transition table", () => {
  it("has a cell for every action and status", () => {
    for (const action of deviceActions) {
      expect(Object.keys(DEVICE_TRANSITIONS[action]).sort()).toEqual([...deviceStatuses].sort());
    }
  });

  it("is what changeDeviceStatus does for every (action, status) pair, audited only when it changes", async () => {
    for (const action of deviceActions) {
      for (const from of deviceStatuses) {
        const id = `dev-${action}-${from}`;
        await seedDevice(env.db, id, { status: from });
        const want = expected[action][from];
        const run = changeDeviceStatus(env.db, id, action, { actor: cli });
        if (want === "refused") {
          await expect(run, `${action} on ${from}`).rejects.toMatchObject({
            code: "INTEGRITY",
            message: expect.stringMatching(new RegExp(`^cannot ${action} device ${id}: it is ${from}`)),
          });
        } else {
          const change = await run;
          expect(change, `${action} on ${from}`).toMatchObject({
            deviceId: id,
            action,
            before: from,
            after: want === "deleted" ? null : want,
            changed: want !== from,
          });
        }
        const row = await env.db.prisma.device.findUnique({ where: { id }, select: { status: true } });
        const now = row?.status ?? "deleted";
        expect(now, `${action} on ${from}`).toBe(want === "refused" ? from : want);
        const entries = await env.db.prisma.auditEntry.findMany({ where: { targetId: id } });
        const cell = DEVICE_TRANSITIONS[action][from];
        expect(
          entries.map((e) => e.action),
          `${action} on ${from}`,
        ).toEqual(cell.outcome === "change" ? [cell.audit] : []);
      }
    }
  });

  it("never lets approve undo a disable: only enable does", async () => {
    await seedDevice(env.db, "dev-1", { status: "active" });
    await changeDeviceStatus(env.db, "dev-1", "disable");
    await expect(changeDeviceStatus(env.db, "dev-1", "approve")).rejects.toThrow(
      /it is disabled, and approval does not undo that: enable it \(edgeseg-hub device enable/,
    );
    expect((await changeDeviceStatus(env.db, "dev-1", "enable")).after).toBe("active");
  });

  it("names an unknown device with where to find the enrolled ones", async () => {
    await expect(changeDeviceStatus(env.db, "dev-none", "disable")).rejects.toMatchObject({
      code: "NOT_FOUND",
      message: expect.stringContaining('no device "dev-none"'),
    });
  });
});
