import { cliActor } from "@edgeseg/db";
import { changeDeviceStatus, type DeviceAction, rotateDeviceSecret } from "@edgeseg/registry";
import { type CliBrokerFlags, withCliProvisioning } from "../broker-provision/cli.ts";
import { withDb } from "../cli/open-db.ts";
import { listDevices } from "../devices/admin.ts";

/**
 * approve, disable, enable or remove through the registry's transition table (the dashboard's buttons
 * call the same function). A refused pair exits 5 with the table's one-line reason; an action the
 * device already had done exits 0 and says so.
 */
export async function deviceActionCommand(
  action: DeviceAction,
  deviceId: string,
  opts: { dataDir?: string; json?: boolean } & CliBrokerFlags,
) {
  const { value: change, failure } = await withDb(opts.dataDir, (db) =>
    withCliProvisioning(db, opts, (provisioning) =>
      changeDeviceStatus(db, deviceId, action, { actor: cliActor(), provisioning }),
    ),
  );
  if (failure) {
    process.stderr.write(
      `warning: the broker was not updated (${failure}); the running hub applies the change at its next broker sync\n`,
    );
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(change)}
`);
    return;
  }
  const done = { approve: "approved", disable: "disabled", enable: "enabled", remove: "removed" }[action];
  const note = change.changed
    ? `${done} (was ${change.before}); ${change.effect}`
    : `was already ${change.before}`;
  process.stdout.write(`${deviceId} ${note}\n`);
}

/**
 * A new MQTT/HTTP secret for the device, printed once on stdout (only its hash is stored). The old
 * secret is refused from now on and a running hub disconnects the device within seconds; the agent
 * connects again once its config holds the new secret (apps/agent README, "Secret rotation").
 */
export async function deviceRotateSecretCommand(
  deviceId: string,
  opts: { dataDir?: string; json?: boolean } & CliBrokerFlags,
) {
  const { value: rotated, failure } = await withDb(opts.dataDir, (db) =>
    withCliProvisioning(db, opts, (provisioning) =>
      rotateDeviceSecret(db, deviceId, { actor: cliActor(), provisioning }),
    ),
  );
  if (failure) {
    process.stderr.write(
      `warning: the broker did not take the new secret (${failure}); a hub provisioning it revokes the old one there: rotate again once the broker is reachable\n`,
    );
  }
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(rotated)}\n`);
    return;
  }
  process.stdout.write(`${rotated.secret}\n`);
  process.stderr.write(
    `new secret for ${deviceId}; it is not shown again. The old one is refused from now on.\n` +
      `on the device: edgeseg-agent set-secret --config <agent.json>, paste it, then restart the agent\n`,
  );
}

export async function deviceListCommand(opts: { dataDir?: string; json?: boolean }) {
  const devices = await withDb(opts.dataDir, (db) => listDevices(db));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
    return;
  }
  if (devices.length === 0) {
    process.stdout.write("no devices enrolled; create a token with edgeseg-hub token create\n");
    return;
  }
  for (const d of devices) {
    const seen = d.lastSeenAt ? d.lastSeenAt.toISOString() : "never";
    const presence = d.online ? "online" : "offline";
    process.stdout.write(
      `${d.id.padEnd(40)} ${d.status.padEnd(9)} ${presence.padEnd(8)} ${(d.deviceClassId ?? "-").padEnd(18)} last seen ${seen}\n`,
    );
  }
}
