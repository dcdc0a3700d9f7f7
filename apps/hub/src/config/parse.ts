import { redactUrl } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { configSources, type HubConfig, type HubConfigInput, hubConfigSchema } from "./schema.ts";

/**
 * Validates the configuration; a bad value stops start-up with a message naming the setting by its
 * flag and environment variable, the value given and what is expected.
 */
export function parseHubConfig(input: HubConfigInput): HubConfig {
  const parsed = hubConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0] ?? "") as keyof HubConfig;
    const source = configSources[key];
    if (!source) return issue.message;
    const given = (input as Record<string, unknown>)[key];
    // A database URL may carry a password: never echo it.
    const echoed =
      key === "brokerAdminPassword"
        ? "…"
        : (key === "databaseUrl" || key === "broker") && typeof given === "string"
          ? redactUrl(given)
          : given;
    const shown = given === undefined ? "" : ` (got ${JSON.stringify(echoed)})`;
    return `${source.flag} / ${source.env}: ${issue.message}${shown}`;
  });
  throw new AppError("USAGE", `invalid hub configuration: ${problems.join("; ")}`);
}

/** Environment variables as raw config values; flags given on the command line override them. */
export function configFromEnv(env: NodeJS.ProcessEnv): Partial<Record<keyof HubConfig, string>> {
  const out: Partial<Record<keyof HubConfig, string>> = {};
  for (const [key, { env: name }] of Object.entries(configSources)) {
    const value = env[name];
    if (value !== undefined && value !== "") out[key as keyof HubConfig] = value;
  }
  return out;
}
