import { childMain } from "../child.ts";

/** Throws outside the handler's promise chain: Node prints the stack and exits with code 1. */
childMain(async () => {
  setTimeout(() => {
    throw new Error("uncaught failure in a timer callback");
  }, 10);
  await new Promise((r) => setTimeout(r, 60_000));
});
