import type { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { privateKeyObject } from "@edgeseg/protocol/crypto";
import { createEnrollmentToken } from "../../../apps/hub/src/devices/tokens.ts";
import { type EnrolledAgent, enrollAgent } from "../../support/agent-process.ts";
import { openHubDb } from "../../support/hub-db.ts";
import { type HubProcess, startHubProcess } from "../../support/hub-process.ts";

/** Resident set of a process now, in MiB (VmRSS, proc(5)); 0 once it is gone. */
export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/**
 * A real `edgeseg-hub serve` on 127.0.0.1 (embedded broker, SQLite in the fuzz directory) with two
 * enrolled devices: `a` sends the fuzz, `b` is the other device whose ids the fuzz borrows. A hub that
 * died is counted by the caller and started again on the same data directory.
 */
export class FuzzHub {
  hub!: HubProcess;
  db!: Db;
  a!: EnrolledAgent;
  b!: EnrolledAgent;
  restarts = 0;
  constructor(readonly dir: string) {}

  get dataDir(): string {
    return join(this.dir, "hub");
  }

  /** Starts the hub and enrols `a` (and `b` when the family borrows another device's ids). */
  async start(opts: { other: boolean }): Promise<this> {
    this.hub = await startHubProcess({ dataDir: this.dataDir });
    this.db = await openHubDb(this.dataDir);
    const enrol = async (name: string) =>
      enrollAgent({ hubUrl: this.hub.httpUrl, token: await this.token(), dir: join(this.dir, name) });
    this.a = await enrol("a");
    if (opts.other) this.b = await enrol("b");
    return this;
  }

  /** A fresh single-use enrolment token, made as `edgeseg-hub token create` makes it. */
  async token(): Promise<string> {
    return (await createEnrollmentToken(this.db, { expiresInMs: 3_600_000, requiresApproval: false })).token;
  }

  /** A device's Ed25519 key as its agent keeps it: the fuzz signs what an enrolled device may send. */
  signingKey(device: EnrolledAgent): KeyObject {
    const config = JSON.parse(readFileSync(device.configPath, "utf8")) as { signingKeyFile: string };
    return privateKeyObject(readFileSync(config.signingKeyFile, "utf8"));
  }

  /** True when the hub had died (and was started again). */
  async reviveIfDead(): Promise<boolean> {
    if (!this.hub.hasExited()) return false;
    this.restarts++;
    this.hub = await startHubProcess({ dataDir: this.dataDir });
    return true;
  }

  rssMb(): number {
    return rssMb(this.hub.pid);
  }

  async close(): Promise<void> {
    await this.db?.close();
    await this.hub?.stop(5000);
  }
}
