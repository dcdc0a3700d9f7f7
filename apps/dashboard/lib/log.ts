import "server-only";
import pino from "pino";

const holder = globalThis as { __edgesegDashboardLog?: pino.Logger };

/** The dashboard's logger (JSON lines on stdout); child loggers bind route or user ids. */
export function log(): pino.Logger {
  holder.__edgesegDashboardLog ??= pino({
    name: "edgeseg-dashboard",
    level: process.env.LOG_LEVEL ?? "info",
  });
  return holder.__edgesegDashboardLog;
}
