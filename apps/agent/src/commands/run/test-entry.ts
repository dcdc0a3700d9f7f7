// `edgeseg-agent run --config <file>` without the CLI around it, for tests that run the agent as a
// real process (kill -9, SIGTERM). Usage: node --import tsx test-entry.ts <config file>
import { handleFatal } from "../../cli/fail.ts";
import { runCommand } from "./index.ts";

runCommand({ config: process.argv[2] }).catch(handleFatal);
