import type { Logger } from "pino";

/**
 * Things to stop, in reverse order of starting. createHub registers each part as it comes up, so a
 * failure half-way through start-up stops exactly what had started.
 */
export function closer(logger: Logger) {
  const steps: { name: string; run: () => unknown }[] = [];
  return {
    add(name: string, run: () => unknown) {
      steps.push({ name, run });
    },
    async closeAll() {
      for (const step of steps.splice(0).reverse()) {
        try {
          await step.run();
        } catch (err) {
          logger.error({ err, step: step.name }, "error while shutting down");
        }
      }
    },
  };
}
