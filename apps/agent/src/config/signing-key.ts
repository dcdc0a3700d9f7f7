import { readFile, stat } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { privateKeyObject } from "@edgeseg/protocol/crypto";

/** The signing key lives next to the config: agent.json → agent.signing-key.pem. */
export function signingKeyPath(configPath: string): string {
  return `${configPath.replace(/\.json$/, "")}.signing-key.pem`;
}

/**
 * Reads the device's Ed25519 private key. Like the config, a key file that group or others can read
 * is refused, not used: whoever reads it can sign results as this device.
 */
export async function loadSigningKey(path: string): Promise<string> {
  let mode: number;
  let pem: string;
  try {
    mode = (await stat(path)).mode;
    pem = await readFile(path, "utf8");
  } catch (error) {
    throw new AppError(
      "INPUT",
      `cannot read the signing key ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): enrol this device again (edgeseg-agent enroll)`,
    );
  }
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    throw new AppError(
      "FORBIDDEN",
      `signing key ${path} has mode ${(mode & 0o777).toString(8)}: only its owner may read it; run chmod 600 ${path}`,
    );
  }
  try {
    privateKeyObject(pem);
  } catch (error) {
    throw new AppError(
      "INPUT",
      `signing key ${path} is not an Ed25519 private key (${(error as Error).message}): enrol again`,
    );
  }
  return pem;
}
