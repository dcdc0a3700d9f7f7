import pino, { type Logger } from "pino";

/** JSON lines on stdout (one object per event, for journald and log shippers), base field `service`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: "edgeseg-hub" } });
}
