import { spawn } from "node:child_process";

export interface ClientRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Connection flags for Debian's mosquitto_pub / mosquitto_sub: MQTT 3.1.1, a client id, credentials. */
function connectArgs(c: { port: number; clientId: string; username: string; password: string }) {
  return [
    "-h",
    "127.0.0.1",
    "-p",
    String(c.port),
    "-V",
    "mqttv311",
    "-i",
    c.clientId,
    "-u",
    c.username,
    "-P",
    c.password,
  ];
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<ClientRun> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.once("exit", (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** One `mosquitto_pub` (QoS 1 unless told otherwise); resolves with its exit status and output. */
export function mosquittoPub(c: {
  port: number;
  clientId: string;
  username: string;
  password: string;
  topic: string;
  message: string;
  qos?: 0 | 1;
}): Promise<ClientRun> {
  const args = [...connectArgs(c), "-t", c.topic, "-m", c.message, "-q", String(c.qos ?? 1)];
  return run("mosquitto_pub", args, 15_000);
}

/**
 * `mosquitto_sub` on one topic, waiting at most `waitS` seconds (-W) for one message (-C 1); it exits
 * non-zero when refused, when every subscription is denied, or when nothing arrives in time.
 */
export function mosquittoSub(c: {
  port: number;
  clientId: string;
  username: string;
  password: string;
  topic: string;
  waitS: number;
}): Promise<ClientRun> {
  const args = [...connectArgs(c), "-t", c.topic, "-q", "1", "-C", "1", "-W", String(c.waitS), "-v"];
  return run("mosquitto_sub", args, (c.waitS + 10) * 1000);
}
