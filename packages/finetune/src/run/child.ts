import { childMain } from "@edgeseg/bench";
import { executeFineTune } from "./execute.ts";
import { fineTuneSpecSchema } from "./spec.ts";

// Entry of the fine-tuning child process: its peak memory is the fine-tuning's, and its crash or
// out-of-memory kill is not the agent's.
childMain(async (input, report) => executeFineTune(fineTuneSpecSchema.parse(input), (p) => report(p)));
