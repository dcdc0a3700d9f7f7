import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
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
  const port = await freePort();
  mkdirSync(join(opts.dir, "persistence"), { recursive: true });
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
  const conf = join(opts.dir, "mosquitto.conf");
  writeFileSync(
    conf,
    [
      "per_listener_settings false",
      "allow_anonymous false",
      `listener ${port} 127.0.0.1`,
      `password_file ${passwordFile}`,
      `acl_file ${aclFile}`,
      "persistence true",
      `persistence_location ${join(opts.dir, "persistence")}/`,
      // Run as whoever runs the tests: as root, Mosquitto would otherwise switch to the mosquitto user,
      // which cannot read the files in this temp dir.
      `user ${userInfo().username}`,
      "log_dest stderr", // unbuffered, unlike stdout to a pipe
      "log_type error",
      "log_type warning",
      ...(opts.verbose === false
        ? ["connection_messages false"]
        : ["log_type notice", "log_type information", "connection_messages true"]),
      ...(opts.extra ?? []),
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
  return Object.assign(running, {
    port,
    url: `mqtt://127.0.0.1:${port}`,
    addUser(username: string, password: string) {
      passwd(["-b", passwordFile, username, password]);
    },
    reload() {
      running.child.kill("SIGHUP");
    },
  });
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
