import type { Logger } from "pino";
import type { DynsecProvisioner } from "./provisioner.ts";

/**
 * The database → broker loop: every `intervalMs` the broker's device clients are brought in line with
 * the device rows. It carries what other processes change (the dashboard, `edgeseg-hub device …`
 * without broker access), and repairs a broker that lost or reverted its dynamic security file. A
 * device whose client is missing cannot be re-created from here (only its secret's hash is stored):
 * it is logged once with the fix, a rotation.
 */
export async function startReconcile(deps: {
  provisioner: DynsecProvisioner;
  logger: Logger;
  intervalMs: number;
}): Promise<{ close(): Promise<void> }> {
  const logger = deps.logger.child({ component: "broker-reconcile" });
  const reported = new Set<string>();
  let running: Promise<void> | null = null;
  const once = async () => {
    try {
      const report = await deps.provisioner.reconcile();
      const { missing, ...counts } = report;
      if (Object.values(counts).some((n) => n > 0))
        logger.info(counts, "broker brought in line with the database");
      for (const id of missing) {
        if (reported.has(id)) continue;
        reported.add(id);
        logger.error(
          { deviceId: id },
          `device has no client on the broker (enrolled before provisioning, or the broker lost it): rotate its secret with the broker reachable (edgeseg-hub device rotate-secret ${id})`,
        );
      }
      for (const id of reported) if (!missing.includes(id)) reported.delete(id);
    } catch (err) {
      logger.warn({ err: (err as Error).message }, "cannot compare the broker with the database; retrying");
    }
  };
  await once();
  const timer = setInterval(() => {
    if (!running) running = once().finally(() => (running = null));
  }, deps.intervalMs);
  timer.unref();
  return {
    async close() {
      clearInterval(timer);
      await running;
    },
  };
}
