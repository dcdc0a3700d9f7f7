/**
 * Dispatcher tests: a real migrated SQLite file, the fixture suite and models imported through the
 * registry, a controllable clock, and a recording `publish` — the broker is not under test — that
 * decodes every payload with the protocol's own decoder, so each test also proves the wire is valid.
 */
import {
  type CommandMessage,
  decodeTopicMessage,
  type JobAckMessage,
  type JobMessage,
  newEnvelope,
} from "@edgeseg/protocol";
import { createCampaign } from "@edgeseg/registry";
import { importSuite } from "@edgeseg/registry/suites";
import { type DeviceSeed, seedDevice, type TestEnv, testEnv, writeSuite } from "@edgeseg/registry/testing";
import { pino } from "pino";
import { createDispatcher } from "../dispatch/index.ts";
import type { Dispatcher, DispatcherOptions } from "../dispatch/types.ts";

export const silent = pino({ level: "silent" });
export const T0 = Date.parse("2026-11-26T10:00:00.000Z");

export interface Sent {
  topic: string;
  qos: 0 | 1;
  jobs: JobMessage[];
  commands: CommandMessage[];
}

/** A publish function that records decoded messages and fails the test on an invalid payload. */
export function recorder() {
  const jobs: JobMessage[] = [];
  const commands: CommandMessage[] = [];
  const publish = async (topic: string, payload: Buffer, qos: 0 | 1): Promise<void> => {
    const decoded = decodeTopicMessage(topic, payload);
    if (!decoded.ok) throw new Error(`invalid publish on ${topic}: ${decoded.error}`);
    if (qos !== 1) throw new Error(`${topic} published with QoS ${qos}`);
    if (decoded.kind === "jobs") jobs.push(decoded.message);
    else if (decoded.kind === "commands") commands.push(decoded.message);
    else throw new Error(`the hub must not publish ${decoded.kind}`);
  };
  return { publish, jobs, commands };
}

export interface Harness {
  env: TestEnv;
  clock: { t: number; advance(ms: number): void };
  sent: ReturnType<typeof recorder>;
  dispatcher: Dispatcher;
  dispose(): Promise<void>;
}

export async function harness(opts: Partial<DispatcherOptions> = {}): Promise<Harness> {
  const env = await testEnv();
  await importSuite(env.db, env.artifactsDir, writeSuite(env.dir));
  const clock = {
    t: T0,
    advance(ms: number) {
      clock.t += ms;
    },
  };
  const sent = recorder();
  const dispatcher = createDispatcher({
    db: env.db,
    publish: sent.publish,
    logger: silent,
    now: () => new Date(clock.t),
    tickIntervalMs: 0,
    ...opts,
  });
  return {
    env,
    clock,
    sent,
    dispatcher,
    async dispose() {
      dispatcher.close();
      await env.dispose();
    },
  };
}

export function addDevice(h: Harness, id: string, seed: DeviceSeed = {}): Promise<void> {
  return seedDevice(h.env.db, id, seed);
}

/** Presence's job, done the way the hub's presence does it: store the flag, then tell the dispatcher. */
export async function setOnline(h: Harness, id: string, online: boolean): Promise<void> {
  await h.env.db.prisma.device.update({ where: { id }, data: { online } });
  await (online ? h.dispatcher.onDeviceOnline(id) : h.dispatcher.onDeviceOffline(id));
}

export async function campaign(
  h: Harness,
  deviceIds: string[],
  extra: { modelIds?: string[]; maxAttempts?: number; timeoutMs?: number; name?: string } = {},
): Promise<string[]> {
  const created = await createCampaign(h.env.db, {
    name: extra.name ?? "test",
    suiteId: "test-suite",
    modelIds: extra.modelIds ?? ["threshold-seg"],
    target: { deviceIds },
    scenarioOverrides: { maxCases: 1 },
    ...(extra.maxAttempts ? { maxAttempts: extra.maxAttempts } : {}),
    ...(extra.timeoutMs ? { timeoutMs: extra.timeoutMs } : {}),
  });
  return created.jobIds;
}

export function ack(
  job: JobMessage,
  status: "accepted" | "rejected" = "accepted",
  reason: string | null = null,
): JobAckMessage {
  return { ...newEnvelope(job.deviceId), jobId: job.jobId, attempt: job.attempt, status, reason };
}

export async function jobRow(h: Harness, id: string) {
  return h.env.db.prisma.job.findUniqueOrThrow({ where: { id } });
}

/** The i-th job message sent, or a test failure. */
export function sentJob(h: Harness, i: number): JobMessage {
  const job = h.sent.jobs[i];
  if (!job) throw new Error(`job message ${i} was not sent (${h.sent.jobs.length} sent)`);
  return job;
}
