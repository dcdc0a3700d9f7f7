import { existsSync, readFileSync } from "node:fs";
import { cliActor } from "@edgeseg/db";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import { createEnrollmentToken, revokeEnrollmentToken } from "@edgeseg/registry";
import { dataDirFrom, withDb } from "../cli/open-db.ts";
import { tlsDirLayout } from "../config/tls.ts";
import { parseDuration } from "../devices/tokens.ts";

export async function tokenCreateCommand(opts: {
  dataDir?: string;
  expires: string;
  approval?: boolean;
  json?: boolean;
}) {
  const expiresInMs = parseDuration(opts.expires, "--expires");
  const created = await withDb(opts.dataDir, (db) =>
    createEnrollmentToken(
      db,
      { expiresInMs, requiresApproval: opts.approval ?? false },
      { actor: cliActor() },
    ),
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...created, expiresAt: created.expiresAt.toISOString() })}\n`);
    return;
  }
  process.stdout.write(`${created.token}\n`);
  const approval = created.requiresApproval ? "; devices enrolled with it wait for approval" : "";
  // With the hub's own CA (tls init), the device needs its fingerprint with the token: it pins it.
  const { caCert } = tlsDirLayout(dataDirFrom(opts.dataDir));
  const pin = existsSync(caCert) ? ` --ca-fingerprint ${caFingerprint(readFileSync(caCert))}` : "";
  const scheme = pin ? "https" : "http";
  process.stderr.write(
    `single-use enrolment token ${created.id}, valid until ${created.expiresAt.toISOString()}${approval}; it is not shown again.\n` +
      `on the device: edgeseg-agent enroll --hub <hub ${scheme} url> --token <token>${pin}\n`,
  );
}

/** Expires an unused token now (edgeseg-hub token revoke <id>; the id is in token create's output). */
export async function tokenRevokeCommand(tokenId: string, opts: { dataDir?: string; json?: boolean }) {
  const revoked = await withDb(opts.dataDir, (db) =>
    revokeEnrollmentToken(db, tokenId, { actor: cliActor() }),
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...revoked, expiresAt: revoked.expiresAt.toISOString() })}\n`);
    return;
  }
  process.stdout.write(`enrolment token ${tokenId} revoked; enrolling with it is refused from now on\n`);
}
