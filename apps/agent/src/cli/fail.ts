import { AppError, isAppError } from "@edgeseg/protocol";

/**
 * The one top-level catch: a user error prints one actionable line and exits with its code; an
 * unexpected error prints its stack (that is a bug worth reporting) and exits 1.
 */
export function handleFatal(error: unknown): never {
  if (isAppError(error)) {
    process.stderr.write(`edgeseg-agent: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  if (isCommanderError(error)) process.exit(error.exitCode);
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`edgeseg-agent: unexpected error (please report it)\n${detail}\n`);
  process.exit(1);
}

function isCommanderError(error: unknown): error is { exitCode: number } {
  return (
    typeof error === "object" &&
    error !== null &&
    "code" in error &&
    String(error.code).startsWith("commander.")
  );
}

export function usageError(message: string): AppError {
  return new AppError("USAGE", message);
}
