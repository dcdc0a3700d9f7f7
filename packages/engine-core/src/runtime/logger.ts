import { pino } from "pino";
import type { ProviderLogger } from "./providers.ts";

/** Default logger for provider fallbacks: warnings as JSON lines on stderr (stdout may carry --json). */
export function defaultRuntimeLogger(): ProviderLogger {
  return pino({ name: "edgeseg-runtime", level: "warn" }, pino.destination(2));
}
