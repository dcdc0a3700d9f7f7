import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { sha256File } from "../manifest/sha256.ts";
import { isSkeletonFile } from "./detect.ts";
import { fillSkeleton } from "./fill.ts";

/** Bumped whenever the filler's output for a given skeleton changes: old cache entries are then unused. */
export const FILL_VERSION = 1;

export interface RunnableGraph {
  /** The file a session is created from: the graph itself, or its filled copy in the cache. */
  path: string;
  /** True when the graph was a skeleton: its weights are synthetic. */
  synthetic: boolean;
}

/** Where the filled model of a skeleton with this sha256 is cached. */
export const filledPath = (cacheDir: string, skeletonSha256: string): string =>
  path.join(cacheDir, `${skeletonSha256}.fill-v${FILL_VERSION}.onnx`);

/** The filled model's sha256 as the filler computed it, written next to it once it is complete. */
const hashPath = (filled: string) => `${filled}.sha256`;

/** A cached filled model that still has the bytes it was written with (as artifacts are re-checked). */
async function intact(filled: string): Promise<boolean> {
  const info = await stat(filled).catch(() => null);
  if (!info?.isFile()) return false;
  const want = await readFile(hashPath(filled), "utf8").catch(() => null);
  return want !== null && want.trim() === (await sha256File(filled));
}

/**
 * The path to load a verified graph from. A skeleton is filled once into `cacheDir`, keyed by the
 * skeleton's sha256 (already verified against the manifest), and loaded from that file by the normal
 * runtime path, so the filled protobuf never sits in the JavaScript heap. A cached copy is hashed
 * before each use against the sha256 recorded when it was filled, and filled again if it changed.
 */
export async function runnableGraph(
  graph: { path: string; sha256: string },
  cacheDir: string,
): Promise<RunnableGraph> {
  if (!(await isSkeletonFile(graph.path))) return { path: graph.path, synthetic: false };
  const out = filledPath(cacheDir, graph.sha256);
  if (!(await intact(out))) {
    await mkdir(cacheDir, { recursive: true });
    await rm(hashPath(out), { force: true });
    const filled = await fillSkeleton(graph.path, out);
    await writeFile(hashPath(out), `${filled.sha256}\n`);
  }
  return { path: out, synthetic: true };
}
