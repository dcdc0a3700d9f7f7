import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import mqtt from "mqtt";
import { freePort } from "./free-port.ts";
import { type Running, spawnTracked } from "./process.ts";
import { waitFor } from "./wait.ts";

/** The device and hub rules of docs/protocol.md and apps/hub/README.md, as a Mosquitto acl_file. */
export const EDGESEG_ACL = `user edgeseg-hub
topic read edgeseg/v1/devices/+/birth
topic read edgeseg/v1/devices/+/state
topic read edgeseg/v1/devices/+/telemetry
topic read edgeseg/v1/devices/+/jobs/ack
topic read edgeseg/v1/devices/+/progress
topic read edgeseg/v1/devices/+/results
topic read edgeseg/v1/devices/+/events
topic write edgeseg/v1/devices/+/jobs
topic write edgeseg/v1/devices/+/commands

pattern write edgeseg/v1/devices/%u/birth
pattern write edgeseg/v1/devices/%u/state
pattern write edgeseg/v1/devices/%u/telemetry
pattern write edgeseg/v1/devices/%u/jobs/ack
pattern write edgeseg/v1/devices/%u/progress
pattern write edgeseg/v1/devices/%u/results
pattern write edgeseg/v1/devices/%u/events
pattern read edgeseg/v1/devices/%u/jobs
pattern read edgeseg/v1/devices/%u/commands
`;

export interface Mosquitto extends Running {
  port: number;
  url: string;
  /** Adds (or replaces) a user in the password file; call reload() for Mosquitto to see it. */
  addUser(username: string, password: string): void;
  /** SIGHUP: Mosquitto re-reads its password and ACL files. */
  reload(): void;
}

function passwd(args: string[]) {
  const out = spawnSync("mosquitto_passwd", args, { encoding: "utf8" });
  if (out.status !== 0) throw new Error(`mosquitto_passwd ${args[0]} failed: ${out.stderr}${out.stdout}`);
}

/**
 * Debian's Mosquitto on 127.0.0.1 with a generated configuration in `dir`: no anonymous clients, a
 * password file (mosquitto_passwd), an ACL file, persistence in `dir`. `users` start in the password
 * file; `acl` defaults to edgeseg's rules. `extra` lines go into mosquitto.conf as they are.
 */
export async function startMosquitto(opts: {
  dir: string;
  users: Record<string, string>;
  acl?: string;
  extra?: string[];
  /** Connection and subscription notices in the log (default true; off for load runs). */
  verbose?: boolean;
}): Promise<Mosquitto> {
  mkdirSync(opts.dir, { recursive: true });
  const passwordFile = join(opts.dir, "passwd");
  const aclFile = join(opts.dir, "acl");
  writeFileSync(passwordFile, "", { mode: 0o600 });
  if (Object.keys(opts.users).length > 0) {
    // Plain "user:password" lines, then hashed in place in one run (-U) rather than one run per user.
    writeFileSync(
      passwordFile,
      Object.entries(opts.users)
        .map(([u, p]) => `${u}:${p}\n`)
        .join(""),
    );
    passwd(["-U", passwordFile]);
  }
  writeFileSync(aclFile, opts.acl ?? EDGESEG_ACL);
  const running = await runMosquitto(
    opts.dir,
    [`password_file ${passwordFile}`, `acl_file ${aclFile}`, ...(opts.extra ?? [])],
    opts.verbose,
  );
  return Object.assign(running, {
    addUser(username: string, password: string) {
      passwd(["-b", passwordFile, username, password]);
    },
    reload() {
      running.child.kill("SIGHUP");
    },
  });
}

/** Debian's build of Mosquitto 2's dynamic security plugin. */
export const DYNSEC_PLUGIN = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";

export interface DynsecMosquitto extends Running {
  port: number;
  url: string;
  /** The dynamic security admin that `mosquitto_ctrl dynsec init` created. */
  adminUser: string;
  adminPassword: string;
  /** The plugin's JSON state file. */
  dynsecFile: string;
  /** Stops this broker and starts it again on the same port with the same files. */
  restart(): Promise<DynsecMosquitto>;
}

/**
 * Mosquitto 2 with the dynamic security plugin and no password or ACL file: every client and role
 * lives in the plugin's JSON file, initialised with `mosquitto_ctrl dynsec init` (one admin client,
 * defaults that deny publishing and subscribing). On 127.0.0.1 and a free port.
 */
export async function startMosquittoDynsec(opts: {
  dir: string;
  adminUser?: string;
  extra?: string[];
  verbose?: boolean;
  /** Restart on this port (default: a free one). */
  port?: number;
}): Promise<DynsecMosquitto> {
  mkdirSync(opts.dir, { recursive: true });
  const adminUser = opts.adminUser ?? "dynsec-admin";
  const passwordFile = join(opts.dir, "admin-password");
  const dynsecFile = join(opts.dir, "dynamic-security.json");
  if (!existsSync(dynsecFile)) {
    writeFileSync(passwordFile, `${randomBytes(18).toString("base64url")}\n`, { mode: 0o600 });
    const adminPassword = readFileSync(passwordFile, "utf8").trim();
    const out = spawnSync("mosquitto_ctrl", ["dynsec", "init", dynsecFile, adminUser, adminPassword], {
      encoding: "utf8",
    });
    if (out.status !== 0) throw new Error(`mosquitto_ctrl dynsec init failed: ${out.stderr}${out.stdout}`);
  }
  const adminPassword = readFileSync(passwordFile, "utf8").trim();
  const running = await runMosquitto(
    opts.dir,
    [`plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${dynsecFile}`, ...(opts.extra ?? [])],
    opts.verbose,
    opts.port,
  );
  const broker: DynsecMosquitto = Object.assign(running, {
    adminUser,
    adminPassword,
    dynsecFile,
    async restart() {
      await running.stop();
      return startMosquittoDynsec({ ...opts, adminUser, port: running.port });
    },
  });
  return broker;
}

/** Starts Debian's mosquitto with a generated mosquitto.conf in `dir` (no anonymous clients, persistence). */
async function runMosquitto(
  dir: string,
  lines: string[],
  verbose: boolean | undefined,
  fixedPort?: number,
): Promise<Running & { port: number; url: string }> {
  const port = fixedPort ?? (await freePort());
  mkdirSync(join(dir, "persistence"), { recursive: true });
  const conf = join(dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      "per_listener_settings false",
      "allow_anonymous false",
      `listener ${port} 127.0.0.1`,
      "persistence true",
      `persistence_location ${join(dir, "persistence")}/`,
      // Run as whoever runs the tests: as root, Mosquitto would otherwise switch to the mosquitto user,
      // which cannot read the files in this temp dir.
      `user ${userInfo().username}`,
      "log_dest stderr", // unbuffered, unlike stdout to a pipe
      "log_type error",
      "log_type warning",
      ...(verbose === false
        ? ["connection_messages false"]
        : ["log_type notice", "log_type information", "connection_messages true"]),
      ...lines,
      "",
    ].join("\n"),
  );
  // Debian installs the broker in /usr/sbin, which a non-root PATH often lacks.
  const bin = existsSync("/usr/sbin/mosquitto") ? "/usr/sbin/mosquitto" : "mosquitto";
  const running = spawnTracked(bin, ["-c", conf]);
  await waitFor(
    () => {
      if (running.hasExited()) throw new Error(`mosquitto exited:\n${running.output()}`);
      return canConnect(port);
    },
    `mosquitto on port ${port}`,
    { timeoutMs: 10_000, everyMs: 50 },
  );
  return Object.assign(running, { port, url: `mqtt://127.0.0.1:${port}` });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

export interface DynsecClientInfo {
  username: string;
  clientid?: string;
  textname?: string;
  textdescription?: string;
  disabled?: boolean;
  roles: { rolename: string }[];
}

/**
 * A test's own window on the plugin, independent of the hub's: one `$CONTROL/dynamic-security/v1`
 * command at a time over mqtt.js as the admin, answered on `…/response`.
 */
export async function dynsecReader(broker: DynsecMosquitto) {
  const client = await mqtt.connectAsync(broker.url, {
    protocolVersion: 4,
    clientId: `dynsec-reader-${randomBytes(4).toString("hex")}`,
    username: broker.adminUser,
    password: broker.adminPassword,
    reconnectPeriod: 0,
  });
  await client.subscribeAsync("$CONTROL/dynamic-security/v1/response", { qos: 1 });
  const run = async (command: Record<string, unknown>) => {
    const correlationData = randomBytes(8).toString("hex");
    const answer = new Promise<{ error?: string; data?: Record<string, unknown> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no dynsec answer to ${command.command}`)), 5000);
      const onMessage = (_topic: string, payload: Buffer) => {
        const r = (JSON.parse(payload.toString()).responses ?? []).find(
          (x: { correlationData?: string }) => x.correlationData === correlationData,
        );
        if (!r) return;
        clearTimeout(timer);
        client.off("message", onMessage);
        resolve(r);
      };
      client.on("message", onMessage);
    });
    await client.publishAsync(
      "$CONTROL/dynamic-security/v1",
      JSON.stringify({ commands: [{ ...command, correlationData }] }),
    );
    return answer;
  };
  return {
    run,
    /** The client, or null when the plugin says "Client not found". */
    async getClient(username: string): Promise<DynsecClientInfo | null> {
      const r = await run({ command: "getClient", username });
      if (r.error === "Client not found") return null;
      if (r.error) throw new Error(`getClient ${username}: ${r.error}`);
      return r.data?.client as DynsecClientInfo;
    },
    async listClients(): Promise<string[]> {
      const r = await run({ command: "listClients" });
      return (r.data?.clients ?? []) as string[];
    },
    async getRole(rolename: string) {
      const r = await run({ command: "getRole", rolename });
      if (r.error === "Role not found") return null;
      return r.data?.role as { rolename: string; acls: { acltype: string; topic: string; allow: boolean }[] };
    },
    close: () => client.endAsync(),
  };
}
