import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/edgeseg-hub.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `edgeseg-hub` binary from the repository root, as a user's shell would. */
export function runCli(args: string[], env: Record<string, string> = {}): CliRun {
  const out = spawnSync(process.execPath, [bin, ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, ...env },
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

/** Starts `edgeseg-hub serve` and resolves with the process and its "hub listening" log line. */
export function startServe(
  args: string[],
): Promise<{ child: ChildProcess; listening: Record<string, unknown>; lines: string[] }> {
  const child = spawn(process.execPath, [bin, "serve", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        lines.push(line);
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.msg === "hub listening") resolve({ child, listening: parsed, lines });
      }
    });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("exit", (code) =>
      reject(new Error(`edgeseg-hub exited with ${code} before listening: ${stderr}`)),
    );
  });
}
