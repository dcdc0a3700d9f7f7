import type { KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { privateKeyObject } from "@edgeseg/protocol/crypto";
import { createEnrollmentToken } from "@edgeseg/registry";
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
    this.hub = await this.spawn();
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
    this.hub = await this.spawn();
    return true;
  }

  /**
   * The per-device result rate limit (default burst 60, 120 an hour) is raised: past it every result would be
   * withheld before the checks the fuzz is about. The limiter has its own tests (docs/security.md).
   */
  private async spawn(): Promise<HubProcess> {
    const saved = { burst: process.env.EDGESEG_RESULT_BURST, hour: process.env.EDGESEG_RESULTS_PER_HOUR };
    process.env.EDGESEG_RESULT_BURST = "1000000";
    process.env.EDGESEG_RESULTS_PER_HOUR = "1000000";
    try {
      return await startHubProcess({ dataDir: this.dataDir });
    } finally {
      restore("EDGESEG_RESULT_BURST", saved.burst);
      restore("EDGESEG_RESULTS_PER_HOUR", saved.hour);
    }
  }

  rssMb(): number {
    return rssMb(this.hub.pid);
  }

  async close(): Promise<void> {
    await this.db?.close();
    await this.hub?.stop(5000);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
