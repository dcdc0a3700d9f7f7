import { AppError } from "@edgeseg/protocol";
import { agentConfigSchema, loadConfig, saveConfig } from "../../config/index.ts";

/**
 * Replaces the device secret in the agent config (after `edgeseg-hub device rotate-secret` or a
 * rotation in the dashboard), keeping everything else; the file is rewritten atomically, mode 0600.
 */
export async function setAgentSecret(configPath: string, secret: string): Promise<{ deviceId: string }> {
  const config = await loadConfig(configPath);
  const checked = agentConfigSchema.shape.secret.safeParse(secret);
  if (!checked.success) {
    throw new AppError(
      "INPUT",
      `the new secret is ${secret.length} characters long; expected the secret the hub printed (43 characters): paste it whole`,
    );
  }
  if (checked.data === config.secret) {
    throw new AppError("INPUT", `${configPath} already holds this secret: nothing to change`);
  }
  await saveConfig(configPath, { ...config, secret: checked.data });
  return { deviceId: config.deviceId };
}
