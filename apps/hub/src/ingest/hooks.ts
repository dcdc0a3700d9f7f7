import type { JobAckMessage, ProgressMessage } from "@edgeseg/protocol";
import type { Logger } from "pino";

/**
 * What ingest and presence tell the dispatcher (apps/hub/src/dispatch), which owns every job status
 * change (acks, progress, results). Hooks are called after ingest's own rows are written and are never
 * awaited: a hook that publishes (a job to a device that just came
 * online) waits for a PUBACK on the very client whose message handler is calling it.
 */
export interface IngestHooks {
  onDeviceOnline(deviceId: string): unknown;
  onDeviceOffline(deviceId: string): unknown;
  onAck(msg: JobAckMessage): unknown;
  /** deviceId: the publishing device, so a device can never close another device's job. */
  onResult(jobId: string, status: "succeeded" | "failed", deviceId: string): unknown;
  onProgress(msg: ProgressMessage): unknown;
}

export type HookCaller = <K extends keyof IngestHooks>(name: K, ...args: Parameters<IngestHooks[K]>) => void;

/** Calls a hook when one is installed; a throwing or rejecting hook is logged, never propagated. */
export function hookCaller(getHooks: () => IngestHooks | null, logger: Logger): HookCaller {
  return (name, ...args) => {
    const hooks = getHooks();
    if (!hooks) return;
    const fail = (err: unknown) => logger.error({ err, hook: name }, `dispatcher ${name} failed`);
    try {
      const out = (hooks[name] as (...a: unknown[]) => unknown)(...args);
      if (out instanceof Promise) out.catch(fail);
    } catch (err) {
      fail(err);
    }
  };
}
