import { childMain } from "../child.ts";

/** Dies of a SIGKILL the parent did not send, as under the kernel's OOM killer. */
childMain(async () => {
  process.kill(process.pid, "SIGKILL");
  await new Promise((r) => setTimeout(r, 60_000));
});
