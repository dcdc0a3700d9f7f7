import { homedir } from "node:os";
import { join } from "node:path";

/** Where generated datasets and downloaded artifacts live: $EDGESEG_CACHE_DIR, else XDG's cache home. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.EDGESEG_CACHE_DIR) return env.EDGESEG_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "edgeseg");
}
