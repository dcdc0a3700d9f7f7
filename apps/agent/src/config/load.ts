import { readFile, stat } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { type AgentConfig, agentConfigSchema } from "./schema.ts";

/**
 * Reads and validates the agent config. The file holds the device secret, so, as ssh does with a
 * private key, a file that group or others can read or write is refused rather than used.
 */
export async function loadConfig(path: string): Promise<AgentConfig> {
  await checkMode(path);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new AppError("INPUT", `cannot read agent config ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AppError(
      "INPUT",
      `agent config ${path} is not valid JSON (${(error as Error).message}); fix it or enrol again`,
    );
  }
  const parsed = agentConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.slice(0, 3).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.join(".") : "(file)";
    return `field "${field}": ${issue.message}`;
  });
  throw new AppError("INPUT", `agent config ${path}: ${problems.join("; ")} — fix the file or enrol again`);
}

async function checkMode(path: string): Promise<void> {
  let mode: number;
  try {
    mode = (await stat(path)).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new AppError(
        "NOT_FOUND",
        `no agent config at ${path}: enrol first (edgeseg-agent enroll --hub <url> --token <token>) or pass --config`,
      );
    }
    throw new AppError("INPUT", `cannot read agent config ${path}: ${(error as Error).message}`);
  }
  // Windows has no POSIX permission bits to check.
  if (process.platform !== "win32" && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8);
    throw new AppError(
      "FORBIDDEN",
      `agent config ${path} has mode ${octal}: it holds the device secret, so only its owner may access it; run chmod 600 ${path}`,
    );
  }
}
