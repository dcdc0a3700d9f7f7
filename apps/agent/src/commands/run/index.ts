import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { loadConfig, resolveConfigPath } from "../../config/index.ts";
import { createAgentDaemon } from "../../daemon/index.ts";
import { createDaemonLogger } from "./logger.ts";

const optionsSchema = z.object({ config: z.string().min(1).optional() });

/**
 * `edgeseg-agent run`: connects to the hub and runs its jobs until SIGTERM or SIGINT, then shuts down
 * cleanly (running benchmark finished or killed, offline state published, spool flushed) and exits 0.
 * A second signal exits at once.
 */
export async function runCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const configPath = resolveConfigPath(opts.config);
  const config = await loadConfig(configPath);
  const logger = await createDaemonLogger();
  const daemon = createAgentDaemon({ config, configPath, logger });
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    for (const s of ["SIGTERM", "SIGINT"] as const) process.once(s, () => resolve(s));
  });
  await daemon.start();
  logger.info({ configPath, mqttUrl: config.mqttUrl, dataDir: config.dataDir }, "agent running");
  const received = await signal;
  for (const s of ["SIGTERM", "SIGINT"] as const) {
    process.once(s, () => {
      logger.warn(`${s} again: exiting without finishing the shutdown`);
      process.exit(1);
    });
  }
  logger.info(`${received}: shutting down`);
  await daemon.close();
  process.exit(0);
}
