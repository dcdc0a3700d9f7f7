import type { Db } from "@edgeseg/db";
import type { JobAckMessage, ProgressMessage } from "@edgeseg/protocol";
import type { Logger } from "pino";

export type Publish = (topic: string, payload: Buffer, qos: 0 | 1) => Promise<void>;

export interface DispatcherOptions {
  db: Db;
  /** Publishes through the hub's broker connection; the dispatcher never retains. */
  publish: Publish;
  logger: Logger;
  now?: () => Date;
  /** Re-send a delivered job the device has not acknowledged after this long (default 30 s). */
  ackTimeoutMs?: number;
  /**
   * Extra time past a job's timeoutMs before the hub gives up on it (default 5 min): the agent's
   * own clock starts after it fetched the artifacts, and its failure report needs time to arrive.
   */
  timeoutGraceMs?: number;
  /** How often the dispatcher runs tick() by itself (default 5 s); 0 disables the timer (tests). */
  tickIntervalMs?: number;
  /** This hub's name in Job.leaseOwner (default `<hostname>-<pid>`); distinct per hub sharing a database. */
  hubId?: string;
  /**
   * How long a dispatch lease lasts without renewal (default 30 s). Each tick renews this hub's
   * leases, so keep it several tick intervals long; another hub takes a job over after it expired.
   */
  leaseMs?: number;
}

export interface Dispatcher {
  /** Call after presence has stored `Device.online = true`: re-sends unacknowledged jobs, sends the next. */
  onDeviceOnline(deviceId: string): Promise<void>;
  onDeviceOffline(deviceId: string): Promise<void>;
  /** A validated `jobs/ack` message (topic device already checked against the body). */
  onAck(msg: JobAckMessage): Promise<void>;
  /** A validated `progress` message: proves the device runs the attempt even if its ack was lost. */
  onProgress(msg: ProgressMessage): Promise<void>;
  /**
   * After the result was stored (upsertResult): records the outcome and sends the device its next job.
   * Pass the publishing device's id so that only its own job can be closed.
   */
  onResult(jobId: string, status: "succeeded" | "failed", deviceId?: string): Promise<void>;
  cancelJob(jobId: string): Promise<void>;
  /** One pass over the database: cancellations, timeouts, ack re-sends, dispatch, campaign completion. */
  tick(): Promise<void>;
  close(): void;
}

/** What every dispatcher step needs. */
export interface Ctx {
  db: Db;
  publish: Publish;
  log: Logger;
  now: () => Date;
  ackTimeoutMs: number;
  timeoutGraceMs: number;
  hubId: string;
  leaseMs: number;
}
