import { join } from "node:path";
import { type CommandMessage, preparePublish } from "@edgeseg/protocol";
import { privateKeyObject, signResult } from "@edgeseg/protocol/crypto";
import type { Logger } from "pino";
import { recordLastResult } from "../commands/status/last-result.ts";
import { hubPin } from "../config/hub-trust.ts";
import { type AgentConfig, loadConfig } from "../config/index.ts";
import { loadSigningKey } from "../config/signing-key.ts";
import { createEgressMeter } from "../net/egress.ts";
import { pinnedTlsOptions } from "../net/pinned-ca.ts";
import { AGENT_VERSION } from "../version.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { detectCapabilities } from "./birth.ts";
import { type Connection, startConnection } from "./connection.ts";
import type { DaemonContext } from "./context.ts";
import { routeIncoming } from "./incoming.ts";
import { createJobIntake } from "./job-intake.ts";
import { createJobRunner, type JobRunner } from "./job-runner.ts";
import { openJobStore } from "./job-store.ts";
import { hideLocalPaths } from "./local-names.ts";
import { publishAsync } from "./mqtt-publish.ts";
import { createPublisher, type Publisher } from "./publisher.ts";
import { openSession, publishBirth, publishOffline, type SessionDeps } from "./session.ts";
import { createSpool } from "./spool.ts";
import { createTelemetrySampler } from "./telemetry.ts";
import { afterBirth, selfUpdate } from "./update.ts";

export interface AgentDaemonOptions {
  config: AgentConfig;
  /** Where the config came from: refresh-config re-reads it. */
  configPath?: string;
  logger: Logger;
  now?: () => Date;
  backoff?: BackoffPolicy;
  /** How long close() waits for the spool flush and for the final state message. */
  flushTimeoutMs?: number;
}

export interface AgentDaemon {
  start(): Promise<void>;
  /** Stops taking jobs, lets a run finish or kills it, flushes the spool, publishes offline, disconnects. */
  close(): Promise<void>;
}

/** `edgeseg-agent run`: the long-lived agent that takes jobs from the hub and reports results. */
export function createAgentDaemon(opts: AgentDaemonOptions): AgentDaemon {
  const now = opts.now ?? (() => new Date());
  const config = { ...opts.config };
  const logger = opts.logger.child({ deviceId: config.deviceId });
  let connection: Connection | null = null;
  let started: { runner: JobRunner; publisher: Publisher; session: SessionDeps } | null = null;
  let telemetryTimer: NodeJS.Timeout | undefined;
  const client = () => connection?.current()?.client ?? null;
  // From the agent's start: idle traffic before the first job is accounted too.
  const egress = createEgressMeter(now);

  const sendNow: DaemonContext["sendNow"] = async (kind, message) => {
    const out = preparePublish(kind, hideLocalPaths(message, config.datasets));
    const c = client();
    if (!c?.connected) return logger.debug({ kind }, "not connected: message dropped");
    await publishAsync(c, out.topic, out.payload, { qos: out.qos, retain: out.retain }).catch((e) =>
      logger.debug({ kind, err: (e as Error).message }, "publish failed"),
    );
  };

  async function start(): Promise<void> {
    const { describeDevice } = await import("@edgeseg/bench/lite");
    const pin = hubPin(config);
    const signingKey = config.signingKeyFile
      ? privateKeyObject(await loadSigningKey(config.signingKeyFile))
      : null;
    if (!signingKey)
      logger.warn(
        "no signing key (enrolled by an older agent): the hub stores this device's results unverified and never ranks them; enrol again to sign",
      );
    const spool = await createSpool(join(config.dataDir, "spool"), {
      maxBytes: config.spoolMaxMb * 2 ** 20,
      logger,
    });
    const store = await openJobStore(join(config.dataDir, "jobs"), logger);
    const publisher = createPublisher(spool, client, logger, {
      receiptWait: {
        firstMs: config.resultReceiptWaitS * 1000,
        maxMs: Math.max(config.resultReceiptWaitMaxS, config.resultReceiptWaitS) * 1000,
      },
    });
    const session: SessionDeps = {
      deviceId: config.deviceId,
      agentVersion: AGENT_VERSION,
      device: (await describeDevice()).info,
      capabilities: await detectCapabilities(),
      logger,
      now,
    };
    const ctx: DaemonContext = {
      ...{ config, logger, agentVersion: AGENT_VERSION, now, store, spool, publisher, egress, sendNow },
      sign: signingKey ? (result) => signResult(config.deviceId, result, signingKey) : null,
      async sendReliably(kind, message, id) {
        const out = preparePublish(kind, hideLocalPaths(message, config.datasets));
        await spool.put(kind, out.topic, out.payload, id);
        if (kind === "results") void recordLastResult(config.dataDir, message);
        void publisher.drain();
      },
    };
    const runner = createJobRunner(ctx);
    started = { runner, publisher, session };
    const intake = createJobIntake(ctx, () => runner.kick());
    const sample = createTelemetrySampler(config.deviceId);
    const sendTelemetry = async () =>
      sendNow(
        "telemetry",
        await sample({
          intervalMs: config.telemetryIntervalS * 1000,
          spoolDepth: spool.list().filter((e) => e.kind === "results").length,
          currentJobId: runner.currentJobId(),
        }),
      );
    const scheduleTelemetry = () => {
      clearInterval(telemetryTimer);
      telemetryTimer = setInterval(() => void sendTelemetry(), config.telemetryIntervalS * 1000);
    };

    async function refreshConfig(): Promise<void> {
      if (!opts.configPath) return;
      try {
        const fresh = await loadConfig(opts.configPath);
        config.datasets = fresh.datasets;
        config.telemetryIntervalS = fresh.telemetryIntervalS;
        config.shutdownGraceS = fresh.shutdownGraceS;
        scheduleTelemetry();
        logger.info(
          "configuration re-read (credentials, URLs, dataDir and spool size apply after a restart)",
        );
        const live = connection?.current();
        if (live) await publishBirth(live.client, live.connectionId, session);
      } catch (error) {
        logger.error(`refresh-config failed: ${(error as Error).message}`);
      }
    }

    const onCommand = (m: CommandMessage) => {
      // Receipts come with every result; the spool logs what each one removes.
      if (m.command !== "result-receipts") logger.info({ command: m.command }, `command ${m.command}`);
      if (m.command === "ping") void sendTelemetry();
      else if (m.command === "cancel-job") void runner.cancel(m.args.jobId, m.args.attempt);
      else if (m.command === "result-receipts")
        void publisher
          .receipt(m.args)
          .catch((e) => logger.error({ err: (e as Error).message }, "spool: cannot apply a storage receipt"));
      else if (m.command === "update-agent")
        void selfUpdate(m.args, {
          ...{ config, configPath: opts.configPath, logger, sendNow, now },
          closeDaemon: close,
          exit: (code) => process.exit(code),
        });
      else void refreshConfig();
    };

    connection = startConnection({
      mqttUrl: config.mqttUrl,
      deviceId: config.deviceId,
      secret: config.secret,
      logger,
      ...(pin ? { tls: pinnedTlsOptions(pin) } : {}),
      ...(opts.backoff ? { backoff: opts.backoff } : {}),
      egress,
      async onConnect(mqttClient, connectionId) {
        await openSession(mqttClient, connectionId, session);
        void afterBirth({ config, sendNow, now, logger });
        // Session order (docs/protocol.md): birth, state, spool drain, then telemetry.
        void publisher.drain();
        await sendTelemetry();
      },
      onDisconnect: () => undefined,
      onMessage: routeIncoming(config.deviceId, logger, now, sendNow, {
        onJob: (j) => void intake(j),
        onCommand,
      }),
    });
    scheduleTelemetry();
    // Jobs accepted before a restart (or a crash) continue now.
    runner.kick();
  }

  async function close(): Promise<void> {
    clearInterval(telemetryTimer);
    started?.publisher.stop();
    if (started) await started.runner.stop(config.shutdownGraceS * 1000);
    const flushMs = opts.flushTimeoutMs ?? 10_000;
    const within = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<void>((r) => setTimeout(r, flushMs).unref())]);
    await connection?.close(async (mqttClient, connectionId) => {
      if (!started) return;
      await within(started.publisher.drain());
      await within(publishOffline(mqttClient, connectionId, started.session));
    });
    // Every byte since the start, DISCONNECT included: the audit's totals to compare with the wire.
    logger.info({ egress: egress.totals() }, "agent stopped");
  }

  return { start, close };
}
