import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
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

/**
 * The path to load a verified graph from. A skeleton is filled once into `cacheDir`, keyed by the
 * skeleton's sha256 (already verified against the manifest), and loaded from that file by the normal
 * runtime path, so the filled protobuf never sits in the JavaScript heap.
 */
export async function runnableGraph(
  graph: { path: string; sha256: string },
  cacheDir: string,
): Promise<RunnableGraph> {
  if (!(await isSkeletonFile(graph.path))) return { path: graph.path, synthetic: false };
  const out = filledPath(cacheDir, graph.sha256);
  const have = await stat(out).catch(() => null);
  if (!have?.isFile()) {
    await mkdir(cacheDir, { recursive: true });
    await fillSkeleton(graph.path, out);
  }
  return { path: out, synthetic: true };
}
