import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { loadConfig, resolveConfigPath } from "../../config/index.ts";
import { renderUnit } from "./unit.ts";

export const DEFAULT_UNIT_PATH = "/etc/systemd/system/edgeseg-agent.service";
// In the release bundle (scripts/build-agent.ts) import.meta.url is its agent.mjs, in the bundle's folder.
const BUNDLED = Boolean(process.env.EDGESEG_AGENT_BUNDLED_VERSION);
const BIN = fileURLToPath(
  new URL(BUNDLED ? "./agent.mjs" : "../../../bin/edgeseg-agent.js", import.meta.url),
);
const AGENT_ROOT = fileURLToPath(new URL(BUNDLED ? "./" : "../../../../../", import.meta.url));

const optionsSchema = z.object({
  config: z.string().min(1).optional(),
  user: z
    .string()
    .regex(/^[a-z_][a-z0-9_-]*\$?$/i, "expected a system user name, e.g. edgeseg")
    .optional(),
  output: z.string().min(1).optional(),
  installDir: z
    .string()
    .refine(
      isAbsolute,
      "expected the absolute installation directory install.sh used, e.g. /opt/edgeseg-agent",
    )
    .refine(
      (d) => existsSync(join(d, "current", "agent.mjs")),
      "expected a directory with current/agent.mjs in it",
    )
    .optional(),
  print: z.boolean().default(false),
});

/** The unit text for a config file, read and validated (so a broken config fails now, not at boot). */
export async function buildUnit(
  configPathArg: string | undefined,
  user?: string,
  installDir?: string,
): Promise<string> {
  const configPath = resolveConfigPath(configPathArg);
  const config = await loadConfig(configPath);
  // Installed by install.sh: the unit starts <dir>/launch.mjs, which runs <dir>/current/agent.mjs (so a
  // self-update's switch of the `current` link takes effect at the next start, and a new version that
  // fails at its starts is switched back, launcher/launch.ts); the service may write <dir>. An
  // installation from before the launcher starts current/agent.mjs itself.
  const launcher = installDir ? join(installDir, "launch.mjs") : null;
  return renderUnit({
    nodePath: process.execPath,
    binPath:
      launcher && existsSync(launcher)
        ? launcher
        : installDir
          ? join(installDir, "current", "agent.mjs")
          : BIN,
    configPath,
    dataDir: config.dataDir,
    readPaths: [installDir ?? AGENT_ROOT, ...Object.values(config.datasets)],
    ...(installDir ? { writePaths: [installDir] } : {}),
    ...(user ? { user } : {}),
    shutdownGraceS: config.shutdownGraceS,
  });
}

/** `edgeseg-agent install-service`: writes the systemd unit and says how to enable it (it runs no systemctl). */
export async function installServiceCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const unit = await buildUnit(opts.config, opts.user, opts.installDir);
  if (opts.print) {
    process.stdout.write(unit);
    return;
  }
  const output = resolve(opts.output ?? DEFAULT_UNIT_PATH);
  try {
    await mkdir(dirname(output), { recursive: true });
    await writeFile(output, unit, { mode: 0o644 });
  } catch (error) {
    throw new AppError(
      "INPUT",
      `cannot write the unit to ${output} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); run with sudo, choose --output, or use --print`,
    );
  }
  const lines = [
    `wrote ${output}`,
    ...(opts.user
      ? [
          `the service runs as ${opts.user}: that user must own the config file (mode 0600) and the data directory`,
        ]
      : []),
    "next:",
    "  sudo systemctl daemon-reload && sudo systemctl enable --now edgeseg-agent",
    "  journalctl -u edgeseg-agent -f      # follow its log",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
