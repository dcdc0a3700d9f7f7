import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { resolveConfigPath } from "../../config/index.ts";
import { setAgentSecret } from "./set-secret.ts";

const optionsSchema = z.object({ config: z.string().min(1).optional() });

/** The first line on stdin: a secret on the command line would show in `ps` and the shell history. */
async function readSecret(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("paste the new device secret and press Enter: ");
  let text = "";
  for await (const chunk of process.stdin) {
    text += chunk;
    if (text.includes("\n") || text.length > 1000) break;
  }
  const line = text.split("\n")[0]?.trim() ?? "";
  if (!line)
    throw new AppError("USAGE", "no secret on standard input: pipe or paste the secret the hub printed");
  return line;
}

/** `edgeseg-agent set-secret [--config <file>]`: the new secret from stdin into the config file. */
export async function setSecretCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const configPath = resolveConfigPath(opts.config);
  const { deviceId } = await setAgentSecret(configPath, await readSecret());
  process.stdout.write(
    `secret of ${deviceId} updated in ${configPath}; restart the agent to connect with it (systemctl restart edgeseg-agent)\n`,
  );
}
