import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hashSecret } from "@edgeseg/db";
import { exampleResultDocument } from "@edgeseg/protocol";
import { createHub, type Hub, type HubOptions } from "../hub.ts";
import { capturedLogger } from "./logs.ts";

/** scrypt at N = 2^10 keeps seeding fast; verification reads the parameters from the hash. */
const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export type TestHub = Hub & {
  dir: string;
  logs: ReturnType<typeof capturedLogger>;
  /** Adds a device straight to the database; returns its secret. */
  addDevice(id: string, status?: "active" | "pending" | "disabled"): Promise<string>;
  dispose(): Promise<void>;
};

/** A real hub on 127.0.0.1 with free ports, a fresh data directory, no dispatcher and captured logs. */
export async function startHub(opts: Partial<HubOptions> = {}): Promise<TestHub> {
  const dir = opts.dataDir ?? mkdtempSync(join(tmpdir(), "edgeseg-hub-"));
  const logs = capturedLogger();
  const hub = await createHub({
    mqttPort: 0,
    httpPort: 0,
    wsPort: null,
    dispatcher: null,
    logger: logs.logger,
    ...opts,
    dataDir: dir,
  }).catch((error: unknown) => {
    if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    throw error;
  });
  const deviceClass = exampleResultDocument.device.deviceClass;
  await hub.db.prisma.deviceClass.upsert({
    where: { id: deviceClass.id },
    update: {},
    create: {
      id: deviceClass.id,
      name: deviceClass.name,
      memoryBudgetMb: 1024,
      caseTimeBudgetS: 60,
      diceThreshold: 0.7,
      nsdThreshold: 0.7,
    },
  });
  return Object.assign(hub, {
    dir,
    logs,
    async addDevice(id: string, status: "active" | "pending" | "disabled" = "active") {
      const secret = `secret-of-${id}-0123456789abcdef`;
      await hub.db.prisma.device.create({
        data: {
          id,
          name: id,
          status,
          secretHash: await hashSecret(secret, FAST_SCRYPT),
          deviceClassId: deviceClass.id,
        },
      });
      return secret;
    },
    async dispose() {
      await hub.close();
      if (!opts.dataDir) rmSync(dir, { recursive: true, force: true });
    },
  });
}
