import { type Logger, pino } from "pino";

/**
 * The daemon's logger: JSON lines on stdout (journald keeps them), readable lines when a person is
 * watching a terminal. Level from $EDGESEG_LOG_LEVEL (default info).
 */
export async function createDaemonLogger(env: NodeJS.ProcessEnv = process.env): Promise<Logger> {
  const level = env.EDGESEG_LOG_LEVEL || "info";
  const base = { name: "edgeseg-agent", level };
  if (!process.stdout.isTTY) return pino(base);
  const { default: pretty } = await import("pino-pretty");
  return pino(base, pretty({ sync: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,name" }));
}
