import { randomBytes } from "node:crypto";
import type { Db } from "@edgeseg/db";
import type { DeviceProvisioning } from "@edgeseg/registry";
import pino from "pino";
import { SERVICE_USERNAME } from "../broker/identity.ts";
import { configFromEnv, parseHubConfig } from "../config/parse.ts";
import { externalTarget } from "../service/target.ts";
import { brokerAdminPassword } from "./admin-password.ts";
import { connectDynsec } from "./dynsec-api.ts";
import { dynsecProvisioner } from "./provisioner.ts";

export interface CliBrokerFlags {
  broker?: string;
  brokerAdminUser?: string;
  brokerAdminPasswordFile?: string;
}

/**
 * For `edgeseg-hub device …`: with --broker and --broker-admin-user (or their EDGESEG_* variables, as
 * `serve` reads them) the command gives its change to the broker itself — a rotated secret can reach
 * the broker only from the process that made it. The database change never waits on the broker: if
 * the broker cannot be reached or refuses, `failure` says why and the hub's reconcile loop (status,
 * removals) or another rotation (a secret) finishes the job. Without broker flags: no provisioning.
 */
export async function withCliProvisioning<T>(
  db: Db,
  flags: CliBrokerFlags,
  run: (provisioning: DeviceProvisioning | undefined) => Promise<T>,
): Promise<{ value: T; failure?: string }> {
  const env = configFromEnv(process.env);
  const given = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const merged = { ...env, ...given };
  if (!merged.broker || !merged.brokerAdminUser) return { value: await run(undefined) };
  const config = parseHubConfig({
    dataDir: ".",
    broker: merged.broker,
    brokerAdminUser: merged.brokerAdminUser,
    brokerAdminPasswordFile: merged.brokerAdminPasswordFile,
    brokerAdminPassword: merged.brokerAdminPassword,
  });
  const password = await brokerAdminPassword(config);
  const external = externalTarget(config.broker!);
  let failure: string | undefined;
  // Connected before the database changes, so the broker follows the commit within milliseconds
  // (the hub's loop leaves an unmatched secret alone for REVOKE_GRACE_MS); an unreachable broker
  // does not hold the change back.
  const connecting = connectDynsec({
    url: external.shown,
    shown: external.shown,
    username: config.brokerAdminUser!,
    password,
    clientId: `${SERVICE_USERNAME}-cli-${randomBytes(4).toString("hex")}`,
  });
  connecting.catch(() => undefined);
  const provisioner = async () =>
    dynsecProvisioner({ api: await connecting, db, logger: pino({ level: "silent" }) });
  const guard = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      failure = (error as Error).message;
    }
  };
  const provisioning: DeviceProvisioning = {
    credentialsSet: (device, secret) =>
      guard(async () => (await provisioner()).credentialsSet(device, secret)),
    statusChanged: (change) => guard(async () => (await provisioner()).statusChanged(change)),
  };
  try {
    const value = await run(provisioning);
    return failure === undefined ? { value } : { value, failure };
  } finally {
    await connecting.then(
      (api) => api.close(),
      () => undefined,
    );
  }
}
