// `edgeseg-agent run --config <file>` without the CLI around it, for tests that run the agent as a
// real process (kill -9, SIGTERM). Usage: node --import tsx test-entry.ts <config file>
import { isAppError } from "@edgeseg/protocol";
import { runCommand } from "./index.ts";

runCommand({ config: process.argv[2] }).catch((error: unknown) => {
  process.stderr.write(`edgeseg-agent: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(isAppError(error) ? error.exitCode : 1);
});
