import { X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import type { TlsFiles } from "../broker/listeners.ts";

/** What `edgeseg-hub tls init` writes under the data directory, and serve picks up by default. */
export function tlsDirLayout(dataDir: string) {
  const dir = join(dataDir, "tls");
  return {
    dir,
    caCert: join(dir, "ca.pem"),
    caKey: join(dir, "ca.key"),
    serverCert: join(dir, "server.pem"),
    serverKey: join(dir, "server.key"),
  };
}

export interface HubTls {
  /** The certificate chain (server certificate, then the CA's) and key the listeners serve. */
  files: TlsFiles;
  /** sha256 of the CA certificate's DER, handed to enrolling agents to pin; absent when no CA is known. */
  caFingerprint?: string;
  /** Where the files came from, for the start-up log. */
  source: string;
}

export interface TlsPaths {
  certPath?: string;
  keyPath?: string;
  /** The CA certificate the server certificate chains to (its fingerprint goes to agents). */
  caPath?: string;
}

/**
 * The TLS material the hub serves: --tls-cert/--tls-key (and --tls-ca) when given, else what
 * `edgeseg-hub tls init` left in <data-dir>/tls, else none. The CA certificate is appended to the
 * served chain when the certificate file lacks it, so an agent's first contact can find the CA it was
 * told to pin among the certificates the hub presents. A missing or unreadable file stops start-up
 * naming the flag.
 */
export async function resolveTls(dataDir: string, paths: TlsPaths): Promise<HubTls | undefined> {
  const layout = tlsDirLayout(dataDir);
  let certPath = paths.certPath;
  let keyPath = paths.keyPath;
  let caPath = paths.caPath;
  let source = "--tls-cert";
  if (certPath === undefined && keyPath === undefined) {
    if (!existsSync(layout.serverCert) || !existsSync(layout.serverKey)) {
      if (caPath !== undefined) throw new AppError("USAGE", "--tls-ca needs --tls-cert and --tls-key");
      return undefined;
    }
    certPath = layout.serverCert;
    keyPath = layout.serverKey;
    caPath ??= existsSync(layout.caCert) ? layout.caCert : undefined;
    source = layout.dir;
  }
  if (certPath === undefined || keyPath === undefined) {
    throw new AppError("USAGE", "give both --tls-cert and --tls-key, or neither");
  }
  const read = (path: string, flag: string) =>
    readFile(path).catch((error: Error) => {
      throw new AppError("INPUT", `${flag} ${path}: ${error.message}; give a readable PEM file`, {
        cause: error,
      });
    });
  const [cert, key, ca] = await Promise.all([
    read(certPath, "--tls-cert"),
    read(keyPath, "--tls-key"),
    caPath === undefined ? undefined : read(caPath, "--tls-ca"),
  ]);
  if (ca === undefined) return { files: { cert, key }, source };
  let caCert: X509Certificate;
  try {
    caCert = new X509Certificate(ca);
  } catch (error) {
    throw new AppError("INPUT", `--tls-ca ${caPath}: not a PEM certificate (${(error as Error).message})`);
  }
  const chain = cert.includes(caCert.toString().trim())
    ? cert
    : Buffer.concat([cert, Buffer.from(`\n${caCert.toString()}`)]);
  return { files: { cert: chain, key }, caFingerprint: caFingerprint(caCert), source };
}

/**
 * Whether an address stays on this machine: 127.0.0.0/8, ::1 (also as ::ffff:127.x) and "localhost".
 * Anything else, 0.0.0.0 and :: included, or a host name that could resolve anywhere, is not.
 */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  if (h === "localhost") return true;
  if (isIP(h) === 4) return h.startsWith("127.");
  if (isIP(h) === 6) return h === "::1" || /^::ffff:127\./.test(h) || h === "0:0:0:0:0:0:0:1";
  return false;
}

export interface ListenPlan {
  host: string;
  /** The embedded broker's MQTT and WebSocket listeners (false with an external broker). */
  mqtt: boolean;
  tls: boolean;
  insecure: boolean;
}

/**
 * The hub refuses to serve device secrets, enrolment tokens and results in clear text beyond this
 * machine: off loopback, MQTT and HTTP need TLS unless the operator says --insecure. Checked before
 * anything listens, so nothing is ever bound in clear.
 */
export function checkListenPlan(plan: ListenPlan): void {
  if (plan.tls || plan.insecure || isLoopback(plan.host)) return;
  const what = plan.mqtt ? "MQTT and HTTP" : "HTTP";
  throw new AppError(
    "USAGE",
    `refusing to serve ${what} without TLS on ${plan.host}, which is not a loopback address: run edgeseg-hub tls init --hostnames <this hub's names and IPs> (or give --tls-cert and --tls-key), or pass --insecure on a network you trust`,
  );
}
