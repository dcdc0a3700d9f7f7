import { AppError } from "@edgeseg/protocol";
import { childMain } from "../child.ts";

/** Rejects its input the way a model run rejects a bad manifest. */
childMain(async (input: { label: string }) => {
  throw new AppError("INPUT", `label "${input.label}" is not in the dataset`);
});
