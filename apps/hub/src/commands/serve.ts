import { configFromEnv, parseHubConfig } from "../config/parse.ts";
import type { HubConfig, HubConfigInput } from "../config/schema.ts";
import { createHub } from "../hub.ts";
import { createLogger } from "../log/logger.ts";

/**
 * `edgeseg-hub serve`: flags over environment over defaults, validated before anything starts. Stops
 * cleanly on SIGTERM or SIGINT (listeners closed, clients disconnected, telemetry flushed, database
 * closed); a second signal exits at once.
 */
export async function serveCommand(
  flags: Partial<Record<keyof HubConfig | "tlsCa", string>> & { insecure?: boolean },
): Promise<void> {
  const { insecure, tlsCa, ...rawFlags } = flags;
  const given = Object.fromEntries(Object.entries(rawFlags).filter(([, v]) => v !== undefined));
  const config = parseHubConfig({ ...configFromEnv(process.env), ...given } as HubConfigInput);
  const logger = createLogger(config.logLevel);
  const { tlsCert, tlsKey, ...rest } = config;
  const caPath = tlsCa ?? (process.env.EDGESEG_TLS_CA || undefined);
  const tls = { certPath: tlsCert, keyPath: tlsKey, caPath };
  const hub = await createHub({
    ...rest,
    tls,
    insecure: insecure || process.env.EDGESEG_INSECURE === "1",
    logger,
  });

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, "stopping");
    hub.close().then(
      () => process.exit(0),
      (err) => {
        logger.error({ err }, "unclean shutdown");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
