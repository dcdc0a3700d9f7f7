import { createHash } from "node:crypto";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../../support/process.ts";
import type { Family, FuzzContext } from "../family.ts";
import { WorkerPool } from "../pool.ts";
import type { Rng } from "../rng.ts";
import type { UploadJob } from "../worker.ts";
import { mutateJson, mutateText } from "./json-mutate.ts";
import { manifestOverrides } from "./manifest.ts";

/** The models an upload carries: one graph (semantic-2d) and two (promptable-2d). */
const MODELS = ["packages/bench/fixtures/models/threshold-seg", "packages/bench/fixtures/models/box-prompt"];

type Model = {
  name: string;
  manifest: string;
  json: Record<string, unknown>;
  files: { name: string; bytes: Buffer }[];
};

const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

/**
 * Dashboard model uploads, through `importUploadedModel` — the function the POST /api/models route
 * handler calls after its role check (the handler itself needs the Next.js runtime): the multipart
 * body is parsed by busboy, the manifest validated, the files hash-checked and loaded by ONNX Runtime,
 * then registered in a real SQLite database.
 */
export const uploadFamily: Family = {
  name: "upload",
  async open(ctx: FuzzContext) {
    const pool = new WorkerPool({
      timeoutMs: ctx.timeoutMs,
      memoryBoundMb: ctx.memoryBoundMb,
      tmpDir: ctx.dir,
    });
    const models: Model[] = [];
    for (const dir of MODELS) {
      const manifest = await readFile(join(repoRoot, dir, "manifest.json"), "utf8");
      const json = JSON.parse(manifest);
      const files = await Promise.all(
        Object.values(json.graphs as Record<string, { file: string }>).map(async (g) => ({
          name: g.file,
          bytes: await readFile(join(repoRoot, dir, g.file)),
        })),
      );
      models.push({ name: dir.split("/").pop()!, manifest, json, files });
    }

    async function structured(
      rng: Rng,
      index: number,
      model: Model,
    ): Promise<{ job: UploadJob; what: string[] }> {
      const what: string[] = [];
      let manifest: { text: string; asFile: boolean } | null = {
        text: model.manifest,
        asFile: rng.chance(0.5),
      };
      let json = structuredClone(model.json);
      const files = model.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.bytes), field: "files" }));
      const roll = rng.int(0, 9);
      if (roll <= 2) {
        const m = mutateJson(rng, json, manifestOverrides(rng));
        json = m.value as Record<string, unknown>;
        manifest.text = JSON.stringify(json);
        what.push(`manifest: ${m.what}`);
      } else if (roll === 3) {
        manifest.text = mutateText(rng, model.manifest).bytes.toString("latin1");
        what.push("manifest text damaged");
      } else if (roll === 4) {
        manifest = null;
        what.push("no manifest");
      }
      const fileOp = rng.int(0, 9);
      const f = rng.pick(files);
      if (fileOp === 0) {
        files.splice(files.indexOf(f), 1);
        what.push(`without ${f.name}`);
      } else if (fileOp === 1) {
        files.push({ ...f });
        what.push(`${f.name} twice`);
      } else if (fileOp === 2) {
        files.push({
          name: rng.pick(["extra.onnx", "notes.txt", ""]),
          bytes: Buffer.from(rng.bytes(rng.int(0, 5000))),
          field: "files",
        });
        what.push("an extra file");
      } else if (fileOp === 3) {
        f.name = rng.pick([
          "../../escape.onnx",
          "/etc/passwd",
          "mödel.onnx",
          "a".repeat(300),
          "..",
          "model.onnx\r\n",
        ]);
        what.push(`a file named ${JSON.stringify(f.name.slice(0, 30))}`);
      } else if (fileOp === 4 || fileOp === 5) {
        for (let i = rng.int(1, 16); i > 0; i--) f.bytes[rng.int(0, f.bytes.length - 1)] = rng.int(0, 255);
        if (fileOp === 5 && manifest) {
          // The manifest pins the damaged file's hash: only ONNX Runtime can refuse it now.
          for (const g of Object.values(
            (json.graphs ?? {}) as Record<string, { file?: unknown; sha256?: string }>,
          )) {
            if (g && typeof g === "object" && g.file === f.name) g.sha256 = sha256(f.bytes);
          }
          manifest.text = JSON.stringify(json);
        }
        what.push(`${f.name} damaged${fileOp === 5 ? ", its hash updated in the manifest" : ""}`);
      } else if (fileOp === 6) {
        f.field = rng.pick(["file", "manifest", "", "files[]"]);
        what.push(`${f.name} sent as field ${JSON.stringify(f.field)}`);
      }
      const paths = await Promise.all(
        files.map(async (file, i) => {
          const path = join(ctx.dir, `${index}-${i}.bin`);
          await writeFile(path, file.bytes);
          return { name: file.name, path, field: file.field };
        }),
      );
      return { job: { kind: "form", manifest, files: paths }, what };
    }

    async function raw(rng: Rng, index: number, model: Model): Promise<{ job: UploadJob; what: string[] }> {
      const form = new FormData();
      form.append("manifest", model.manifest);
      for (const f of model.files) form.append("files", new Blob([f.bytes]), f.name);
      const response = new Response(form);
      const type = response.headers.get("content-type")!;
      const body = Buffer.from(await response.arrayBuffer());
      const bodyPath = join(ctx.dir, `${index}-body.bin`);
      const how = rng.int(0, 5);
      const out =
        how === 0
          ? body.subarray(0, rng.int(0, body.length - 1))
          : how === 1
            ? rng.bytes(rng.int(0, 20_000))
            : how === 2
              ? Buffer.from(body.toString("latin1").replaceAll("\r\n", "\n"), "latin1")
              : how === 3
                ? Buffer.concat(
                    Array.from({ length: rng.int(10, 400) }, () => body.subarray(0, body.length - 4)),
                  )
                : body;
      await writeFile(bodyPath, out);
      const contentType =
        how === 4
          ? rng.pick([
              null,
              "application/json",
              "multipart/form-data",
              "multipart/form-data; boundary=",
              "text/plain",
            ])
          : how === 5
            ? `${type}${"x".repeat(rng.int(1, 100))}`
            : type;
      const what = [
        "cut multipart body",
        "random body",
        "LF-only multipart",
        "repeated parts",
        "wrong content-type",
        "wrong boundary",
      ][how]!;
      return { job: { kind: "raw", contentType, bodyPath }, what: [what] };
    }

    return {
      async next(rng: Rng, index: number) {
        const model = rng.pick(models);
        const { job, what } = rng.chance(0.25)
          ? await raw(rng, index, model)
          : await structured(rng, index, model);
        const verdict = await pool.run({ op: "upload", upload: job });
        if (job.kind === "raw") await rm(job.bodyPath, { force: true });
        else for (const f of job.files) await rm(f.path, { force: true });
        return { input: `${model.name}: ${what.join("; ") || "as exported"}`, verdict };
      },
      async close() {
        await pool.close();
        return {};
      },
    };
  },
};
