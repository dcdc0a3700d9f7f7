import type { IncomingMessage } from "node:http";
import { AppError } from "@edgeseg/protocol";
import { HttpStatusError } from "./respond.ts";

/**
 * Reads a JSON request body of at most `limit` bytes. A declared or actual size over the limit is
 * refused with 413 as soon as it is known, without buffering the rest.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers["content-type"] ?? "";
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new HttpStatusError(415, "USAGE", `expected Content-Type application/json, got "${type}"`);
  }
  const tooLarge = () =>
    new HttpStatusError(413, "INPUT", `request body is larger than ${limit} bytes`, { connection: "close" });
  if (Number(req.headers["content-length"] ?? 0) > limit) throw tooLarge();
  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading but keep the socket: the 413 is still sent, then the connection closes.
        req.pause();
        req.removeAllListeners("data");
        reject(tooLarge());
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new AppError("USAGE", `request body is not valid JSON: ${(error as Error).message}`);
  }
}
