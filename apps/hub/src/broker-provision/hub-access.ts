import { AppError } from "@edgeseg/protocol";
import type { DynsecApi } from "./dynsec-api.ts";
import { HUB_ROLE, hubAcls, roleCommands, unsafeDefaults } from "./roles.ts";

/**
 * What the hub needs on the broker before it subscribes: defaults that deny what no role allows, its
 * own role with exactly the hub's ACLs, and that role on the account it ingests with. Without
 * credentials in --broker that account is `edgeseg-hub` with the data directory's service secret,
 * created here when the broker lacks it; an account named in the URL that the plugin does not know
 * (a password file's user) is left to the operator.
 */
export async function ensureHubAccess(
  api: DynsecApi,
  ingest: { username: string; password: string; create: boolean },
  shown: string,
): Promise<void> {
  const [defaults, role] = await api.run([
    { command: "getDefaultACLAccess" },
    { command: "getRole", rolename: HUB_ROLE },
  ]);
  if (defaults?.error)
    throw new AppError("RUNTIME", `dynamic security getDefaultACLAccess: ${defaults.error}`);
  const unsafe = unsafeDefaults((defaults?.data?.acls ?? []) as { acltype: string; allow: boolean }[]);
  if (unsafe.length > 0) {
    throw new AppError(
      "USAGE",
      `the broker at ${shown} allows ${unsafe.join(" and ")} by default, so device ACLs would not confine anyone: set them to deny (mosquitto_ctrl dynsec setDefaultACLAccess ${unsafe[0]} deny)`,
    );
  }
  const existing = role?.error
    ? null
    : ((role?.data?.role as { acls?: { acltype: string; topic: string }[] } | undefined)?.acls ?? []);
  await api.must(roleCommands(HUB_ROLE, hubAcls(), existing));
  // addClientRole kicks the client, which would cut another hub's ingest off: only when it lacks the role.
  const [got] = await api.run([{ command: "getClient", username: ingest.username }]);
  const client = got?.data?.client as { roles?: { rolename: string }[] } | undefined;
  if (!client) {
    if (!ingest.create) return;
    await api.must([
      {
        command: "createClient",
        username: ingest.username,
        password: ingest.password,
        textname: "edgeseg hub",
        roles: [{ rolename: HUB_ROLE }],
      },
    ]);
    return;
  }
  if (client.roles?.some((r) => r.rolename === HUB_ROLE)) return;
  await api.must([{ command: "addClientRole", username: ingest.username, rolename: HUB_ROLE }]);
}
