import { childMain } from "../child.ts";

/** Never finishes. */
childMain(async () => {
  await new Promise(() => setInterval(() => {}, 1000));
});
