import { createWriteStream } from "node:fs";
import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { sha256File } from "@edgeseg/bench/lite";
import { AppError, type ArtifactRef } from "@edgeseg/protocol";
import type { Logger } from "pino";
import type { EgressMeter } from "../net/egress.ts";
import { hubRequest } from "../net/hub-request.ts";
import type { PinnedCa } from "../net/pinned-ca.ts";
import { backoffDelay } from "./backoff.ts";

export interface HubAccess {
  hubUrl: string;
  deviceId: string;
  secret: string;
  /** The CA pinned at enrolment: an https:// hub must chain to it. */
  pin?: PinnedCa;
  meter?: EgressMeter;
}

const size = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => -1,
  );
const short = (sha: string) => `${sha.slice(0, 12)}…`;

/**
 * Returns the path of an artifact in the content-addressed cache `dir/<sha256>`, downloading it from
 * the hub when missing. A partial download (`<sha256>.part`) is resumed with a Range request; the
 * file is renamed into the cache only after its size and sha256 match the job's.
 */
export async function ensureArtifact(
  ref: ArtifactRef,
  dir: string,
  hub: HubAccess,
  logger: Logger,
  retries = 4,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const final = join(dir, ref.sha256);
  if ((await size(final)) === ref.size && (await sha256File(final)) === ref.sha256) return final;
  await rm(final, { force: true });
  const part = `${final}.part`;
  for (let attempt = 1; ; attempt++) {
    try {
      await download(ref, part, hub);
      break;
    } catch (error) {
      // A refused credential or a missing file will not fix itself; a dropped link might.
      if (error instanceof AppError || attempt > retries) throw asAppError(error, ref);
      const wait = backoffDelay(attempt, { baseMs: 1000, capMs: 15_000 });
      logger.warn(
        { sha256: ref.sha256, err: (error as Error).message },
        `artifact download failed; retrying in ${wait} ms`,
      );
      await new Promise((r) => setTimeout(r, wait));
    }
  }
  const got = await sha256File(part);
  if (got !== ref.sha256) {
    await rm(part, { force: true });
    throw new AppError(
      "INTEGRITY",
      `artifact ${short(ref.sha256)} (${ref.role}) downloaded with sha256 ${short(got)}: the hub's copy is damaged or not the job's; re-upload the model`,
    );
  }
  await rename(part, final);
  return final;
}

async function download(ref: ArtifactRef, part: string, hub: HubAccess): Promise<void> {
  const have = Math.max(0, await size(part));
  if (have > ref.size) await rm(part, { force: true });
  const from = have > 0 && have < ref.size ? have : 0;
  if (have === ref.size) return;
  const url = hub.hubUrl.replace(/\/+$/, "") + ref.urlPath;
  const auth = Buffer.from(`${hub.deviceId}:${hub.secret}`).toString("base64");
  const res = await hubRequest(url, {
    headers: { authorization: `Basic ${auth}`, ...(from > 0 ? { range: `bytes=${from}-` } : {}) },
    ...(hub.pin ? { pin: hub.pin } : {}),
    ...(hub.meter ? { meter: hub.meter } : {}),
  });
  const status = res.statusCode ?? 0;
  if (status === 416) {
    res.resume();
    await rm(part, { force: true });
    throw new Error("the hub refused the resume range; starting over");
  }
  if (status < 200 || status >= 300) {
    res.resume();
    throw statusError(status, url);
  }
  // 206 continues the partial file; a 200 (no range support) replaces it.
  const append = status === 206 && from > 0;
  await pipeline(res, createWriteStream(part, { flags: append ? "a" : "w" }));
  const now = await size(part);
  if (now !== ref.size) throw new Error(`download ended at ${now} of ${ref.size} bytes`);
}

function statusError(status: number, url: string): Error {
  if (status === 401)
    return new AppError(
      "UNAUTHORIZED",
      `the hub refused this device's credentials for ${url}; re-enrol the device`,
    );
  if (status === 403) return new AppError("FORBIDDEN", `the hub does not let this device read ${url}`);
  if (status === 404) return new AppError("NOT_FOUND", `the hub has no artifact at ${url}`);
  return new Error(`GET ${url} answered HTTP ${status}`);
}

function asAppError(error: unknown, ref: ArtifactRef): AppError {
  if (error instanceof AppError) return error;
  const why = (error as Error).cause
    ? `${(error as Error).message}: ${String((error as Error).cause)}`
    : String(error);
  return new AppError("RUNTIME", `could not download artifact ${short(ref.sha256)} (${ref.role}): ${why}`);
}
