import { readFile } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import type { TlsFiles } from "../broker/listeners.ts";

/** Reads the certificate and key; a missing or unreadable file stops start-up naming the flag. */
export async function readTlsFiles(certPath?: string, keyPath?: string): Promise<TlsFiles | undefined> {
  if (certPath === undefined || keyPath === undefined) return undefined;
  const read = (path: string, flag: string) =>
    readFile(path).catch((error: Error) => {
      throw new AppError("INPUT", `${flag} ${path}: ${error.message}; give a readable PEM file`, {
        cause: error,
      });
    });
  const [cert, key] = await Promise.all([read(certPath, "--tls-cert"), read(keyPath, "--tls-key")]);
  return { cert, key };
}
