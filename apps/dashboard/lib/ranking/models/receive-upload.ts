import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { AppError } from "@edgeseg/protocol";
import { Busboy } from "@fastify/busboy";
import { megabytes, type UploadLimits, UploadTooLargeError } from "./upload-limits.ts";

/** An uploaded file, written to disk as it arrived and hashed on the way. */
export interface ReceivedFile {
  /** The file name the browser sent (base name only). */
  name: string;
  /** Where it was written (a numbered file in the upload's own directory, never the sent name). */
  path: string;
  size: number;
  sha256: string;
}

export interface ReceivedUpload {
  /** The manifest's exact bytes, from a `manifest` file part or text field; null when absent. */
  manifest: Buffer | null;
  /** Every `files` part, in the order sent. */
  files: ReceivedFile[];
  /** The `timingOnly` field was set: register skeletons only (docs/skeletons.md). */
  timingOnly: boolean;
}

/**
 * Streams a `multipart/form-data` model upload into `dir`: the manifest (field `manifest`, file or
 * text) and the ONNX files (field `files`, repeatable). Nothing is held in memory but the manifest;
 * each file's sha256 is computed while it is written. Going over a limit stops reading at once.
 */
export async function receiveUpload(
  request: Request,
  dir: string,
  limits: UploadLimits,
): Promise<ReceivedUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    throw new AppError(
      "USAGE",
      "send the model as multipart/form-data: a manifest field (manifest.json) and one files field per ONNX file",
    );
  }
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limits.maxBytes + limits.maxManifestBytes) {
    throw new UploadTooLargeError(
      `the upload is ${megabytes(declared)}, more than the ${megabytes(limits.maxBytes)} a model may have`,
    );
  }
  if (!request.body)
    throw new AppError("USAGE", "the upload is empty: attach manifest.json and the ONNX file(s)");
  await mkdir(dir, { recursive: true });

  const parser = multipartParser(type, limits);
  const source = Readable.fromWeb(request.body as WebReadableStream<Uint8Array>);
  const received: ReceivedUpload = { manifest: null, files: [], timingOnly: false };
  const writes: Promise<void>[] = [];
  let total = 0;

  return new Promise<ReceivedUpload>((resolve, reject) => {
    let failed = false;
    const fail = (error: unknown) => {
      if (failed) return;
      failed = true;
      source.destroy();
      reject(error);
    };
    const tooMany = () => fail(new AppError("INPUT", `at most ${limits.maxFiles} files per model upload`));
    parser.on("filesLimit", tooMany);
    parser.on("partsLimit", tooMany);
    parser.on("fieldsLimit", () => fail(new AppError("INPUT", "too many form fields in the model upload")));
    parser.on("field", (name, value, _nameTruncated, valueTruncated) => {
      if (name === "timingOnly") received.timingOnly = ["on", "true", "1"].includes(value.trim());
      if (name !== "manifest") return;
      if (valueTruncated) {
        fail(new UploadTooLargeError(`the manifest is larger than ${megabytes(limits.maxManifestBytes)}`));
        return;
      }
      if (value.trim() !== "") received.manifest = Buffer.from(value, "utf8");
    });
    parser.on("file", (field, stream, filename) => {
      const write = receiveFile(field, stream, filename, dir, received, limits, (n) => {
        total += n;
        if (total > limits.maxBytes) {
          throw new UploadTooLargeError(`the files add up to more than ${megabytes(limits.maxBytes)}`);
        }
      });
      writes.push(write);
      write.catch(fail);
    });
    parser.on("error", (error: unknown) =>
      fail(new AppError("USAGE", `the upload is not valid multipart/form-data: ${(error as Error).message}`)),
    );
    parser.on("finish", () => {
      Promise.all(writes).then(() => {
        if (!failed) resolve(received);
      }, fail);
    });
    source.on("error", (error) =>
      fail(new AppError("USAGE", `the upload was interrupted: ${error.message}`)),
    );
    source.pipe(parser);
  });
}

/** busboy throws from its constructor when the content type has no usable boundary (RFC 7578 §4.1). */
function multipartParser(type: string, limits: UploadLimits) {
  try {
    return Busboy({
      headers: { "content-type": type },
      limits: {
        // Per file part; one past the larger limit, so the checks below (which name the file) trip first.
        fileSize: Math.max(limits.maxBytes, limits.maxManifestBytes) + 1,
        files: limits.maxFiles,
        fields: 10,
        fieldSize: limits.maxManifestBytes,
        parts: limits.maxFiles + 10,
      },
    });
  } catch (error) {
    throw new AppError(
      "USAGE",
      `the upload is not valid multipart/form-data (${(error as Error).message}): send it with the boundary its content-type names`,
    );
  }
}

async function receiveFile(
  field: string,
  stream: NodeJS.ReadableStream & { truncated?: boolean },
  filename: string | undefined,
  dir: string,
  received: ReceivedUpload,
  limits: UploadLimits,
  count: (bytes: number) => void,
): Promise<void> {
  if (field === "manifest") {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream) {
      size += (chunk as Buffer).byteLength;
      if (size > limits.maxManifestBytes) {
        throw new UploadTooLargeError(`the manifest is larger than ${megabytes(limits.maxManifestBytes)}`);
      }
      chunks.push(chunk as Buffer);
    }
    received.manifest = Buffer.concat(chunks);
    return;
  }
  if (field !== "files") {
    stream.resume();
    throw new AppError(
      "INPUT",
      `unexpected upload field "${field}": send the manifest as "manifest", ONNX files as "files"`,
    );
  }
  // A part with an empty filename parameter arrives without one.
  const name = (filename ?? "").split(/[\\/]/).pop() ?? "";
  if (name === "" || name === "." || name === "..") {
    stream.resume();
    throw new AppError(
      "INPUT",
      `an uploaded file has no usable name ("${filename ?? ""}"): name it as the manifest does`,
    );
  }
  const path = join(dir, String(received.files.length));
  const file: ReceivedFile = { name, path, size: 0, sha256: "" };
  received.files.push(file);
  const hash = createHash("sha256");
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      try {
        count(chunk.byteLength);
      } catch (error) {
        done(error as Error);
        return;
      }
      file.size += chunk.byteLength;
      hash.update(chunk);
      done(null, chunk);
    },
  });
  stream.on("limit", () => {
    meter.destroy(new UploadTooLargeError(`${name} is larger than ${megabytes(limits.maxBytes)}`));
  });
  await pipeline(stream, meter, createWriteStream(path, { flags: "wx", mode: 0o600 }));
  file.sha256 = hash.digest("hex");
}
