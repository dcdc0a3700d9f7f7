import { createHash, randomBytes } from "node:crypto";
import type { Db, DeviceStatus } from "@edgeseg/db";
import { DEVICE_TRANSITIONS, type DeviceChange, type DeviceProvisioning } from "@edgeseg/registry";
import type { Logger } from "pino";
import type { DynsecApi, DynsecCommand } from "./dynsec-api.ts";
import { deviceAcls, deviceRole } from "./roles.ts";

/** The textname of every client the hub creates: the ones it may change or delete, and no others. */
export const DEVICE_TEXTNAME = "edgeseg device";
/**
 * A client's textdescription names the stored secret hash it was given the password of (a sha256 of
 * the scrypt hash, which says nothing about the secret), so the hub can tell a rotation it did not
 * see, and when the password was set ("secret <16 hex> at <ms>"), so no hub's reconcile deletes a
 * client whose enrolment is still committing.
 */
export const secretMark = (secretHash: string) =>
  `secret ${createHash("sha256").update(secretHash).digest("hex").slice(0, 16)}`;
const setMark = (secretHash: string) => `${secretMark(secretHash)} at ${Date.now()}`;
const revokedMark = (secretHash: string) => `${secretMark(secretHash)} revoked`;
/** When the mark's password was set (ms since the epoch), or 0 when it does not say. */
const markedAt = (mark: string | undefined) => Number(/ at (\d+)$/.exec(mark ?? "")?.[1] ?? 0);

/**
 * A client is created before its enrolment's transaction commits (so a failed broker call fails the
 * enrolment): a client without a device row is left alone this long after its password was set,
 * unless the audit trail shows its row was deleted after that (REMOVED_ACTIONS). Hubs on several
 * hosts need clocks within this of each other (NTP).
 */
export const ORPHAN_GRACE_MS = 2000;

/**
 * The audit actions written in the same transaction as a device row's deletion (`device.reject`, a
 * pending device's removal). Such an entry dated at or after a client's password was set proves the
 * row existed and is gone: that client is no enrolment still committing and is deleted at once.
 */
export const REMOVED_ACTIONS = [
  ...new Set(
    Object.values(DEVICE_TRANSITIONS)
      .flatMap((byStatus) => Object.values(byStatus))
      .flatMap((step) => (step.outcome === "change" && step.to === null ? [step.audit] : [])),
  ),
];

/** How long a stored secret may go unmatched on the broker before its old password is revoked there. */
export const REVOKE_GRACE_MS = 5000;

const CLIENT_EXISTS = "Client already exists";
const ROLE_EXISTS = "Role already exists";
const CLIENT_MISSING = "Client not found";
const ROLE_MISSING = "Role not found";

export interface BrokerClient {
  username: string;
  textname?: string;
  textdescription?: string;
  disabled?: boolean;
  roles?: { rolename: string }[];
}

export interface ReconcileReport {
  created: number;
  enabled: number;
  disabled: number;
  deleted: number;
  revoked: number;
  /** Devices in the database with no client on the broker: their secret must be rotated. */
  missing: string[];
}

export interface DynsecProvisioner extends DeviceProvisioning {
  /** Brings the broker's device clients in line with the database (the database wins). */
  reconcile(): Promise<ReconcileReport>;
}

/**
 * Device clients and roles in Mosquitto's dynamic security, mirrored from the database: one client per
 * device (username = client id = device id, so a device cannot take another's session
 * [MQTT-3.1.4-2]) holding one role with its own topics. Operations run one at a time, so a hook and
 * the reconcile loop in this process never interleave their commands.
 */
export function dynsecProvisioner(deps: { api: DynsecApi; db: Db; logger: Logger }): DynsecProvisioner {
  const { api, db } = deps;
  const logger = deps.logger.child({ component: "broker-provision" });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  const stateCommand = (id: string, status: DeviceStatus): DynsecCommand => ({
    command: status === "active" ? "enableClient" : "disableClient",
    username: id,
  });

  async function credentialsSet(
    device: { id: string; status: DeviceStatus; secretHash: string },
    secret: string,
  ) {
    const { id } = device;
    const rolename = deviceRole(id);
    // Mosquitto runs one message's commands in order without serving a CONNECT in between: a pending
    // device's new client is disabled before anyone can log in with it.
    await api
      .must(
        [
          { command: "createRole", rolename, acls: deviceAcls(id) },
          {
            command: "createClient",
            username: id,
            clientid: id,
            password: secret,
            textname: DEVICE_TEXTNAME,
            textdescription: setMark(device.secretHash),
            roles: [{ rolename }],
          },
          stateCommand(id, device.status),
        ],
        [ROLE_EXISTS, CLIENT_EXISTS],
      )
      .then(async ([, created]) => {
        if (created?.error !== CLIENT_EXISTS) return;
        // A rotation: the new password (Mosquitto kicks the client), then the mark of the new hash.
        await api.must([
          { command: "setClientPassword", username: id, password: secret },
          { command: "modifyClient", username: id, textdescription: setMark(device.secretHash) },
          stateCommand(id, device.status),
        ]);
      });
    logger.info({ deviceId: id, status: device.status }, "device provisioned on the broker");
  }

  async function statusChanged(change: DeviceChange) {
    const id = change.deviceId;
    if (change.after === null) {
      await api.must(
        [
          { command: "deleteClient", username: id },
          { command: "deleteRole", rolename: deviceRole(id) },
        ],
        [CLIENT_MISSING, ROLE_MISSING],
      );
      logger.info({ deviceId: id }, "device removed from the broker");
      return;
    }
    // disableClient kicks the device's live connection; Mosquitto refuses its next CONNECT (5).
    await api.must([stateCommand(id, change.after)]);
    logger.info({ deviceId: id, status: change.after }, "device status sent to the broker");
  }

  const missingSince = new Map<string, number>();
  /** Device id → the stored hash whose mark its client lacks, and since when. */
  const unmarked = new Map<string, { hash: string; since: number }>();

  async function reconcile(): Promise<ReconcileReport> {
    const report: ReconcileReport = {
      created: 0,
      enabled: 0,
      disabled: 0,
      deleted: 0,
      revoked: 0,
      missing: [],
    };
    // The broker first, the database second: a device enrolled in between has its row read, while a
    // client created after the listing is simply not seen this time; never the other way round.
    const [listed] = await api.must([{ command: "listClients", verbose: true }]);
    const clients = ((listed?.data?.clients ?? []) as BrokerClient[]).filter(
      (c) => c.textname === DEVICE_TEXTNAME,
    );
    const rows = await db.prisma.device.findMany({ select: { id: true, status: true, secretHash: true } });
    const byName = new Map(clients.map((c) => [c.username, c]));
    const commands: DynsecCommand[] = [];
    const tolerate = [CLIENT_MISSING, ROLE_MISSING, ROLE_EXISTS];
    for (const row of rows) {
      const client = byName.get(row.id);
      if (!client) {
        // Seen missing twice in a row: not an enrolment whose client is being created right now.
        if (missingSince.has(row.id)) report.missing.push(row.id);
        else missingSince.set(row.id, Date.now());
        continue;
      }
      missingSince.delete(row.id);
      const disabled = client.disabled === true;
      if (disabled !== (row.status !== "active")) {
        commands.push(stateCommand(row.id, row.status));
        if (disabled) report.enabled++;
        else report.disabled++;
      }
      const rolename = deviceRole(row.id);
      if (!client.roles?.some((r) => r.rolename === rolename)) {
        commands.push(
          { command: "createRole", rolename, acls: deviceAcls(row.id) },
          { command: "addClientRole", username: row.id, rolename },
        );
        report.created++;
      }
      const mark = client.textdescription;
      // Both "… at <ms>" and "… revoked" start with the hash's mark (16 hex digits: no prefix clashes).
      const stale = !mark?.startsWith(`${secretMark(row.secretHash)} `);
      // A rotation that reaches the broker itself commits first and sets the password a moment later:
      // only a mismatch that outlives REVOKE_GRACE_MS is one the broker will not hear about.
      const seen = unmarked.get(row.id);
      const since = seen?.hash === row.secretHash ? seen.since : Date.now();
      if (stale) unmarked.set(row.id, { hash: row.secretHash, since });
      else unmarked.delete(row.id);
      if (stale && Date.now() - since >= REVOKE_GRACE_MS) {
        unmarked.delete(row.id);
        // Rotated by a process that could not reach the broker: its new secret is not known here, so
        // the old one is made useless (Mosquitto kicks the client) until the secret is rotated again
        // with the broker reachable.
        commands.push(
          { command: "setClientPassword", username: row.id, password: randomBytes(32).toString("base64url") },
          { command: "modifyClient", username: row.id, textdescription: revokedMark(row.secretHash) },
        );
        report.revoked++;
        logger.error(
          { deviceId: row.id },
          "device secret was rotated without reaching the broker: its old password is revoked there; rotate it again (edgeseg-hub device rotate-secret with --broker and --broker-admin-user)",
        );
      }
    }
    const known = new Set(rows.map((r) => r.id));
    for (const [id] of missingSince) if (!known.has(id)) missingSince.delete(id);
    for (const [id] of unmarked) if (!known.has(id)) unmarked.delete(id);
    const orphans = clients.filter((c) => !known.has(c.username));
    // Within the grace a client without a row may be an enrolment still committing, or a device just
    // removed: only the second has a removal in the audit trail dated after its password was set (the
    // removal read the committed row, which came after the client). Read only when there are such.
    const young = orphans.filter((c) => Date.now() - markedAt(c.textdescription) < ORPHAN_GRACE_MS);
    const removedAt = new Map<string, number>();
    if (young.length > 0) {
      const entries = await db.prisma.auditEntry.findMany({
        where: {
          action: { in: REMOVED_ACTIONS },
          targetType: "device",
          targetId: { in: young.map((c) => c.username) },
        },
        select: { targetId: true, at: true },
      });
      for (const e of entries)
        removedAt.set(e.targetId, Math.max(removedAt.get(e.targetId) ?? 0, e.at.getTime()));
    }
    for (const client of orphans) {
      const setAt = markedAt(client.textdescription);
      const removed = (removedAt.get(client.username) ?? -1) >= setAt;
      if (!removed && Date.now() - setAt < ORPHAN_GRACE_MS) continue;
      commands.push(
        { command: "deleteClient", username: client.username },
        { command: "deleteRole", rolename: deviceRole(client.username) },
      );
      report.deleted++;
    }
    if (commands.length > 0) await api.must(commands, tolerate);
    return report;
  }

  return {
    credentialsSet: (device, secret) => serial(() => credentialsSet(device, secret)),
    statusChanged: (change) => serial(() => statusChanged(change)),
    reconcile: () => serial(reconcile),
  };
}
