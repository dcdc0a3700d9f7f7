import { isAppError } from "./errors.ts";

/**
 * The one top-level catch of every edgeseg CLI: a user error prints one actionable line and exits with
 * its code; commander's own errors (already printed) exit with commander's code; anything else prints
 * its stack (a bug worth reporting) and exits 1.
 */
export function handleFatal(program: string, error: unknown): never {
  if (isAppError(error)) {
    process.stderr.write(`${program}: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && code.startsWith("commander.")) {
    process.exit((error as { exitCode: number }).exitCode);
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${program}: unexpected error (please report it)\n${detail}\n`);
  process.exit(1);
}

/** `edgeseg-agent info | head -2`: a reader that stops early is not an error worth a stack trace. */
export function exitQuietlyOnBrokenPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(0);
      throw error;
    });
  }
}
