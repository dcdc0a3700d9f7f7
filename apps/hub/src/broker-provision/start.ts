import { randomBytes } from "node:crypto";
import { SERVICE_USERNAME } from "../broker/identity.ts";
import { externalTarget } from "../service/target.ts";
import type { StartContext } from "../start/context.ts";
import { brokerAdminPassword } from "./admin-password.ts";
import { connectDynsec } from "./dynsec-api.ts";
import { ensureHubAccess } from "./hub-access.ts";
import { type DynsecProvisioner, dynsecProvisioner } from "./provisioner.ts";
import { startReconcile } from "./reconcile.ts";

/**
 * With --broker and --broker-admin-user: the admin connection to Mosquitto's dynamic security, the
 * hub's own role and ingest account, one reconcile now (the broker may have lost state while the hub
 * was down) and then every --broker-sync-ms. Runs before the ingest client connects, which needs the
 * role. null without an admin user: the operator provisions the broker by hand.
 */
export async function startBrokerProvisioning(
  ctx: StartContext,
  deps: { serviceSecret: string },
): Promise<DynsecProvisioner | null> {
  const { config, logger, db, stack } = ctx;
  if (!config.broker || !config.brokerAdminUser) return null;
  const password = await brokerAdminPassword(config);
  const external = externalTarget(config.broker);
  const api = await connectDynsec({
    url: external.shown,
    shown: external.shown,
    username: config.brokerAdminUser,
    password,
    // Clean session and a random suffix: several hubs may administer one broker at once.
    clientId: `${SERVICE_USERNAME}-dynsec-${randomBytes(4).toString("hex")}`,
  });
  stack.add("broker admin client", () => api.close());
  await ensureHubAccess(
    api,
    {
      username: external.username ?? SERVICE_USERNAME,
      password: external.password ?? deps.serviceSecret,
      create: external.username === undefined,
    },
    external.shown,
  );
  const provisioner = dynsecProvisioner({ api, db, logger });
  const loop = await startReconcile({ provisioner, logger, intervalMs: config.brokerSyncMs });
  stack.add("broker reconcile", () => loop.close());
  logger.info(
    { broker: external.shown, syncMs: config.brokerSyncMs },
    "provisioning the broker's dynamic security",
  );
  return provisioner;
}
