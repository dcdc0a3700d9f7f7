import { execFileSync, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Debian's PostgreSQL 15 server binaries (package postgresql-15); EDGESEG_PG_BIN overrides. */
export const postgresBinDir = process.env.EDGESEG_PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PostgresServer {
  /** Superuser connection URL for `database` (default: the maintenance database `postgres`). */
  url(database?: string): string;
  port: number;
  /** Fast shutdown, then removes the data directory. Idempotent. */
  stop(): void;
}

/**
 * A throw-away PostgreSQL server for tests: `initdb` into a fresh temporary directory, `pg_ctl start`
 * listening on 127.0.0.1 only at a free port (no Unix socket outside that directory), password
 * authentication for a generated superuser. PostgreSQL refuses to run as root, so under root (CI) the
 * server runs as `nobody` (runuser) in a directory that user owns. Durability is switched off
 * (fsync, synchronous_commit, full_page_writes): a test's data need not survive a power cut.
 */
export async function startPostgres(): Promise<PostgresServer> {
  return startPostgresSync();
}

/** startPostgres for synchronous callers (a test helper that must hand out a URL at once). */
export function startPostgresSync(): PostgresServer {
  const initdb = join(postgresBinDir, "initdb");
  if (!existsSync(initdb)) {
    throw new Error(
      `no PostgreSQL server binaries in ${postgresBinDir}: install Debian's postgresql-15 (apt-get install postgresql-15) or set EDGESEG_PG_BIN`,
    );
  }
  const root = mkdtempSync(join(tmpdir(), "edgeseg-pg-"));
  const data = join(root, "data");
  const password = randomBytes(18).toString("base64url");
  const asRoot = process.getuid?.() === 0;
  const run = (file: string, args: string[]) => {
    const [command, argv] = asRoot ? ["runuser", ["-u", "nobody", "--", file, ...args]] : [file, args];
    const out = spawnSync(command, argv, { cwd: root, encoding: "utf8", timeout: 120_000 });
    if (out.status !== 0) {
      throw new Error(`${file} ${args.join(" ")} failed (${out.status}): ${out.stderr}${out.stdout}`);
    }
  };
  const pwfile = join(root, "pwfile");
  writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    // nobody:nogroup on Debian; the directory and the password file become theirs.
    chownSync(root, 65534, 65534);
    chownSync(pwfile, 65534, 65534);
  }
  chmodSync(root, 0o700);
  let port = 0;
  const stop = () => {
    if (existsSync(join(data, "postmaster.pid"))) {
      try {
        run(join(postgresBinDir, "pg_ctl"), ["stop", "-D", data, "-m", "fast", "-w"]);
      } catch {
        // already stopped
      }
    }
    rmSync(root, { recursive: true, force: true });
  };
  try {
    run(initdb, [
      "-D",
      data,
      "-U",
      "edgeseg",
      "--pwfile",
      pwfile,
      "--auth",
      "scram-sha-256",
      "--encoding",
      "UTF8",
      "--locale",
      "C",
      "--no-sync",
    ]);
    port = freePort();
    const settings = [
      "listen_addresses=127.0.0.1",
      `port=${port}`,
      `unix_socket_directories=${root}`,
      "fsync=off",
      "synchronous_commit=off",
      "full_page_writes=off",
      "max_connections=300",
      "shared_buffers=32MB",
    ];
    const options = settings.map((s) => `-c ${s}`).join(" ");
    run(join(postgresBinDir, "pg_ctl"), [
      "start",
      "-D",
      data,
      "-w",
      "-t",
      "60",
      "-l",
      join(root, "log"),
      "-o",
      options,
    ]);
    watchOwner(asRoot, data, root);
  } catch (error) {
    stop();
    throw error;
  }
  return {
    port,
    url: (database = "postgres") => `postgresql://edgeseg:${password}@127.0.0.1:${port}/${database}`,
    stop,
  };
}

/**
 * The server must not outlive the process that started it, however that process ends (a test worker
 * is often ended without running its exit handlers): a detached shell polls the owner's pid and, once
 * it is gone, stops the server and removes its directory. It exits with the server.
 */
function watchOwner(asRoot: boolean, data: string, root: string): void {
  const pgCtl = join(postgresBinDir, "pg_ctl");
  const stopCommand = `${asRoot ? "runuser -u nobody -- " : ""}"${pgCtl}" stop -D "${data}" -m immediate -w`;
  const script = [
    `while kill -0 ${process.pid} 2>/dev/null && [ -e "${data}/postmaster.pid" ]; do sleep 1; done`,
    `if [ -e "${data}/postmaster.pid" ]; then ${stopCommand} >/dev/null 2>&1; fi`,
    `rm -rf "${root}"`,
  ].join("\n");
  spawn("sh", ["-c", script], { detached: true, stdio: "ignore" }).unref();
}

/** A port free on 127.0.0.1 right now, found by a child process binding port 0 (synchronously). */
function freePort(): number {
  const probe =
    "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); })";
  const port = Number(execFileSync(process.execPath, ["-e", probe], { encoding: "utf8", timeout: 10_000 }));
  if (!Number.isInteger(port) || port <= 0) throw new Error(`no free port found (got ${port})`);
  return port;
}

/** Whether this machine can start a test server (the binaries are installed). */
export function postgresAvailable(): boolean {
  try {
    execFileSync(join(postgresBinDir, "postgres"), ["--version"], { stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}
