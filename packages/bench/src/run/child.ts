import { childMain } from "../isolation/index.ts";
import type { ChildProgress } from "./child-output.ts";
import { executeRun } from "./execute.ts";
import { runSpecSchema } from "./spec.ts";

// Entry of the benchmark child process: its peak memory is the model's, and its crash is not the agent's.
childMain(async (input, report) => executeRun(runSpecSchema.parse(input), (p: ChildProgress) => report(p)));
