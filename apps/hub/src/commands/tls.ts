import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import { dataDirFrom } from "../cli/open-db.ts";
import { tlsDirLayout } from "../config/tls.ts";

/** `edgeseg-hub tls init --hostnames hub.clinic.local,192.168.1.20`: private CA and server certificate. */
export async function tlsInitCommand(opts: {
  dataDir?: string;
  hostnames: string;
  days?: string;
  json?: boolean;
}) {
  const { issueHubTls, parseHostnames } = await import("../tls/issue.ts");
  const days = opts.days === undefined ? 825 : Number(opts.days);
  if (!Number.isInteger(days) || days < 1 || days > 3650) {
    throw new AppError(
      "USAGE",
      `--days must be a whole number of days from 1 to 3650 (got ${JSON.stringify(opts.days)})`,
    );
  }
  const issued = await issueHubTls(dataDirFrom(opts.dataDir), parseHostnames(opts.hostnames), days);
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(issued)}\n`);
    return;
  }
  const lines = [
    issued.newCa ? `made a private CA: ${issued.caCert}` : `kept the existing CA: ${issued.caCert}`,
    `server certificate for ${issued.hostnames.join(", ")} until ${issued.notAfter}: ${issued.serverCert}`,
    `CA fingerprint (agents pin it): ${issued.caFingerprint}`,
    "edgeseg-hub serve now serves MQTT (mqtts), WebSocket (wss) and HTTPS with it.",
    `on a device: edgeseg-agent enroll --hub https://<hub>:<port> --token <token> --ca-fingerprint ${issued.caFingerprint}`,
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** `edgeseg-hub tls fingerprint`: the CA fingerprint to hand field engineers with their tokens. */
export async function tlsFingerprintCommand(opts: { dataDir?: string; json?: boolean }) {
  const { caCert } = tlsDirLayout(dataDirFrom(opts.dataDir));
  if (!existsSync(caCert)) {
    throw new AppError("NOT_FOUND", `no CA at ${caCert}: run edgeseg-hub tls init --hostnames <names> first`);
  }
  const fingerprint = caFingerprint(await readFile(caCert));
  process.stdout.write(
    opts.json ? `${JSON.stringify({ caFingerprint: fingerprint })}\n` : `${fingerprint}\n`,
  );
}
