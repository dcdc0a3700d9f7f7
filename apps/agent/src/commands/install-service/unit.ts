import { isAbsolute, relative } from "node:path";

export interface UnitInput {
  nodePath: string;
  binPath: string;
  configPath: string;
  dataDir: string;
  /** Other paths the service reads: configured datasets, the agent's installation. */
  readPaths: string[];
  /** Also writable by the service: the installation directory (self-update switches versions there). */
  writePaths?: string[];
  user?: string;
  shutdownGraceS: number;
}

const HOME_DIRS = ["/home", "/root", "/run/user"];
const under = (path: string, dir: string) => {
  const rel = relative(dir, path);
  return rel === "" || (!rel.startsWith("..") && !isAbsolute(rel));
};

/**
 * One ExecStart argument: '%' is a specifier and must be doubled; an argument with spaces, quotes or
 * backslashes is double-quoted with C-style escapes (systemd.service(5), "Command lines").
 */
export function quoteArg(arg: string): string {
  const escaped = arg.replaceAll("%", "%%");
  if (!/[\s"'\\;]/.test(escaped)) return escaped;
  return `"${escaped.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
}

/**
 * V8 flags for the long-lived daemon (docs/performance.md, idle footprint): a 1 MB young generation
 * instead of up to 16 MB, V8's smaller-heap heuristics, and a 15× larger interrupt budget, so that
 * code run a few times (start-up, a job's bookkeeping) is not sent to the optimizing compiler, whose
 * own code in the node binary then stays untouched (-4 MB resident), while a hot loop (the phantom
 * generation the daemon runs for suite jobs) still is: measured the same speed, where --lite-mode made
 * it 6× slower. The benchmark child does not inherit them (runIsolated sets its own execArgv).
 */
export const DAEMON_NODE_FLAGS = [
  "--max-semi-space-size=1",
  "--optimize-for-size",
  "--interrupt-budget=1000000",
] as const;

/**
 * The systemd unit for `edgeseg-agent run`. Sandboxed as far as the agent allows: the whole file
 * system read-only except its data directory (ProtectSystem=strict + ReadWritePaths), home
 * directories hidden — or read-only when the agent, its config or its data live there.
 * KillMode=mixed sends SIGTERM to the agent alone, so it can let the benchmark finish or stop it
 * itself and report offline; systemd kills what is left after TimeoutStopSec.
 */
export function renderUnit(u: UnitInput): string {
  const exec = [u.nodePath, ...DAEMON_NODE_FLAGS, u.binPath, "run", "--config", u.configPath]
    .map(quoteArg)
    .join(" ");
  const paths = [u.configPath, u.dataDir, u.nodePath, u.binPath, ...u.readPaths];
  const usesHome = paths.some((p) => HOME_DIRS.some((h) => under(p, h)));
  const lines = [
    "[Unit]",
    "Description=edgeseg agent: benchmarks segmentation models on this device and reports numbers to the hub",
    "After=network-online.target",
    "Wants=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    ...(u.user ? [`User=${u.user}`] : []),
    `ExecStart=${exec}`,
    "Restart=always",
    "RestartSec=5",
    "KillMode=mixed",
    `TimeoutStopSec=${u.shutdownGraceS + 30}`,
    "Environment=NODE_ENV=production",
    "NoNewPrivileges=yes",
    "ProtectSystem=strict",
    `ReadWritePaths=${[u.dataDir, ...(u.writePaths ?? [])].map(quoteArg).join(" ")}`,
    `ProtectHome=${usesHome ? "read-only" : "yes"}`,
    "PrivateTmp=yes",
    "ProtectKernelTunables=yes",
    "ProtectKernelModules=yes",
    "ProtectControlGroups=yes",
    "RestrictSUIDSGID=yes",
    "LockPersonality=yes",
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ];
  return lines.join("\n");
}
