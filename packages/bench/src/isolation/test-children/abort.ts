import { childMain } from "../child.ts";

/** Dies of SIGABRT, as a native library's failed assertion would. */
childMain(async () => {
  process.stderr.write("about to abort: simulated native assertion failure\n");
  process.abort();
});
