import { cliActor } from "@edgeseg/db";
import { withDb } from "../cli/open-db.ts";
import { createEnrollmentToken, parseDuration } from "../devices/tokens.ts";

export async function tokenCreateCommand(opts: {
  dataDir?: string;
  expires: string;
  approval?: boolean;
  json?: boolean;
}) {
  const expiresInMs = parseDuration(opts.expires, "--expires");
  const created = await withDb(opts.dataDir, (db) =>
    createEnrollmentToken(db, { expiresInMs, requiresApproval: opts.approval ?? false, actor: cliActor() }),
  );
  if (opts.json) {
    process.stdout.write(`${JSON.stringify({ ...created, expiresAt: created.expiresAt.toISOString() })}\n`);
    return;
  }
  process.stdout.write(`${created.token}\n`);
  const approval = created.requiresApproval ? "; devices enrolled with it wait for approval" : "";
  process.stderr.write(
    `single-use enrolment token, valid until ${created.expiresAt.toISOString()}${approval}; it is not shown again.\n` +
      `on the device: edgeseg-agent enroll --hub <hub http url> --token <token>\n`,
  );
}
