/**
 * The child process that parses fuzz inputs, one at a time, with the same functions edgeseg's own
 * commands call. It answers each job with `accepted`, `refused` (an AppError: the code's own one-line
 * refusal) or `crash` (any other exception: what a user would see as a stack trace). A native crash
 * or a hang kills only this process; the parent counts it and starts another.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  createRuntime,
  firstLine,
  labelData,
  loadManifest,
  type Runtime,
  type RuntimeOptions,
  readNifti,
  type TensorData,
  verifyGraphFiles,
} from "@edgeseg/bench";
import type { tempDb } from "@edgeseg/db/testing";
import { AppError, isAppError } from "@edgeseg/protocol";

export type Job =
  | { op: "nifti"; path: string; maxBytes: number }
  | { op: "manifest"; path: string }
  | { op: "onnx"; path: string }
  | { op: "upload"; upload: UploadJob };

export type UploadJob =
  | {
      kind: "form";
      manifest: { text: string; asFile: boolean } | null;
      files: { name: string; path: string; field?: string }[];
    }
  | { kind: "raw"; contentType: string | null; bodyPath: string };

export interface Reply {
  outcome: "accepted" | "refused" | "crash";
  detail: string;
}

const LOAD: RuntimeOptions = {
  intraOpThreads: 1,
  graphOptimizationLevel: "basic",
  executionProviders: ["cpu"],
  memoryArena: false,
  memoryPattern: false,
};
let runtime: Runtime | undefined;
let db: Awaited<ReturnType<typeof tempDb>> | undefined;

/** Zeros for each input the graph declares, symbolic dimensions as 1; null when too large to try. */
function zeroFeeds(
  inputs: { name: string; elementType: string | null; shape: (number | string)[] | null }[],
) {
  const feeds: Record<string, TensorData> = {};
  for (const input of inputs) {
    const dims = (input.shape ?? [1]).map((d) => (typeof d === "number" && d > 0 ? d : 1));
    const n = dims.reduce((a, b) => a * b, 1);
    if (n > 1 << 22) return null;
    const type = input.elementType ?? "float32";
    if (type === "float32") feeds[input.name] = { type, data: new Float32Array(n), dims };
    else if (type === "int64") feeds[input.name] = { type, data: new BigInt64Array(n), dims };
    else if (type === "int32") feeds[input.name] = { type, data: new Int32Array(n), dims };
    else if (type === "uint8" || type === "bool") feeds[input.name] = { type, data: new Uint8Array(n), dims };
    else return null;
  }
  return feeds;
}

async function onnx(path: string): Promise<string> {
  runtime ??= await createRuntime("node");
  const session = await runtime.createSession(path, LOAD);
  try {
    const feeds = zeroFeeds(session.inputs);
    if (!feeds) return "loaded; inputs too large or of an untried type to run";
    try {
      const out = await session.run(feeds);
      return `loaded and ran: ${Object.keys(out).length} outputs`;
    } catch (error) {
      // A graph that loads but cannot run: in the engine this happens inside the benchmark child and
      // becomes a failed result with reason "error" and this message (packages/bench/src/isolation),
      // so it is a refusal — unless ONNX Runtime takes the process down, which the parent counts.
      throw new AppError("RUNTIME", `the graph loaded but inference failed: ${firstLine(error)}`);
    }
  } finally {
    await session.release();
  }
}

async function upload(job: UploadJob): Promise<string> {
  // Loaded on first use: the file families' workers start faster without the dashboard and Prisma.
  const { importUploadedModel } = await import("../../apps/dashboard/lib/ranking/models/import-upload.ts");
  db ??= await (await import("@edgeseg/db/testing")).tempDb();
  let request: Request;
  if (job.kind === "raw") {
    const headers: Record<string, string> = {};
    if (job.contentType !== null) headers["content-type"] = job.contentType;
    const body = await readFile(job.bodyPath);
    request = new Request("http://dashboard.test/api/models", { method: "POST", headers, body });
  } else {
    const form = new FormData();
    if (job.manifest) {
      if (job.manifest.asFile) form.append("manifest", new Blob([job.manifest.text]), "manifest.json");
      else form.append("manifest", job.manifest.text);
    }
    for (const f of job.files) form.append(f.field ?? "files", new Blob([await readFile(f.path)]), f.name);
    request = new Request("http://dashboard.test/api/models", { method: "POST", body: form });
  }
  const model = await importUploadedModel(db, join(db.dir, "artifacts"), request);
  return `registered ${model.modelId}@${model.version} (created: ${model.created})`;
}

async function perform(job: Job): Promise<string> {
  switch (job.op) {
    case "nifti": {
      // As `edgeseg-agent eval` does: read, then take the label map.
      const vol = await readNifti(job.path, { maxBytes: job.maxBytes });
      const labels = labelData(vol, job.path);
      return `${vol.dims.join("×")} ${vol.voxelType}, ${labels.length} labels`;
    }
    case "manifest": {
      const { manifest, dir } = await loadManifest(job.path);
      await verifyGraphFiles(manifest, dir);
      return `${manifest.id} ${manifest.pipeline}`;
    }
    case "onnx":
      return onnx(job.path);
    case "upload":
      return upload(job.upload);
  }
}

process.on("message", async (job: Job) => {
  let reply: Reply;
  try {
    reply = { outcome: "accepted", detail: await perform(job) };
  } catch (error) {
    reply = isAppError(error)
      ? { outcome: "refused", detail: error.message }
      : { outcome: "crash", detail: (error instanceof Error ? error.stack : String(error)) ?? "" };
  }
  // Garbage from this input must not count against the next one's peak memory.
  (globalThis as { gc?: () => void }).gc?.();
  process.send!(reply);
});
process.on("disconnect", async () => {
  await db?.dispose();
  process.exit(0);
});
process.send!({ ready: true });
