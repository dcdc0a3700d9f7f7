import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** Debian's interpreter: the python3 first on PATH may be another one without torch. */
export const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("../../reference/grad_check.py", import.meta.url));

/** Why the torch reference cannot run here, or null when it can. */
export function torchMissing(): string | null {
  try {
    execFileSync(PYTHON, ["-c", "import torch, onnx"], { stdio: "pipe" });
    return null;
  } catch {
    return `${PYTHON} lacks torch or onnx (apt-get install -y python3-torch python3-onnx); the gradient checks against torch are skipped`;
  }
}

export interface Feed {
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export type ReferenceCase =
  | {
      id: string;
      kind: "grad";
      model: Uint8Array;
      params: string[];
      loss: string;
      feeds: Record<string, Feed>;
    }
  | {
      id: string;
      kind: "optim";
      optimizer: { name: string; lr: number };
      params: { name: string; dims: number[]; data: Float32Array }[];
      /** Per step, per parameter (in `params` order): the gradient. */
      grads: Float32Array[][];
    };

export interface ReferenceResult {
  loss: number | null;
  tensors: Map<string, Float32Array>;
}

/** Runs reference/grad_check.py on the cases (one Python process) and reads its results. */
export async function torchReference(
  cases: ReferenceCase[],
  opts: { dtype?: "float64" | "float32" } = {},
): Promise<Map<string, ReferenceResult>> {
  const dir = mkdtempSync(path.join(tmpdir(), "edgeseg-gradcheck-"));
  try {
    let n = 0;
    const put = (data: Float32Array | BigInt64Array | Uint8Array) => {
      const file = path.join(dir, `in${n++}.bin`);
      writeFileSync(file, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      return file;
    };
    const job = cases.map((c) => {
      if (c.kind === "grad") {
        const feeds = Object.fromEntries(
          Object.entries(c.feeds).map(([name, f]) => [
            name,
            { file: put(f.data), dims: f.dims, dtype: f.data instanceof BigInt64Array ? "int64" : "float32" },
          ]),
        );
        return { id: c.id, kind: c.kind, model: put(c.model), params: c.params, loss: c.loss, feeds };
      }
      return {
        id: c.id,
        kind: c.kind,
        optimizer: c.optimizer,
        params: c.params.map((p) => ({ name: p.name, dims: p.dims, file: put(p.data) })),
        grads: c.grads.map((step) => step.map((g, i) => ({ file: put(g), dims: c.params[i]?.dims }))),
      };
    });
    const out = path.join(dir, "out");
    execFileSync("mkdir", [out]);
    const jobFile = path.join(dir, "job.json");
    writeFileSync(jobFile, JSON.stringify({ cases: job, out, dtype: opts.dtype ?? "float64" }));
    await promisify(execFile)(PYTHON, [SCRIPT, jobFile], { maxBuffer: 1 << 24 });
    const results = new Map<string, ReferenceResult>();
    for (const c of cases) {
      const r = JSON.parse(readFileSync(path.join(out, `${c.id}.json`), "utf8")) as {
        loss: number | null;
        tensors: Record<string, string>;
      };
      const tensors = new Map<string, Float32Array>();
      for (const [name, file] of Object.entries(r.tensors)) {
        const b = readFileSync(file);
        tensors.set(name, new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)));
      }
      results.set(c.id, { loss: r.loss, tensors });
    }
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ||a - b|| / ||b|| (the norm-wise relative error). */
export function relativeError(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let num = 0;
  let den = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    num += d * d;
    den += (b[i] as number) ** 2;
  }
  return den === 0 ? Math.sqrt(num) : Math.sqrt(num / den);
}
