import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import type { EgressMeter } from "./egress.ts";
import { type PinnedCa, pinnedTlsOptions } from "./pinned-ca.ts";

export interface HubRequest {
  method?: string;
  headers?: OutgoingHttpHeaders;
  body?: string;
  /** The pinned CA for an https:// hub; without it Node's bundled roots decide. */
  pin?: PinnedCa;
  timeoutMs?: number;
  /** Counts the request's bytes in the data-locality audit (docs/data-locality.md). */
  meter?: EgressMeter;
}

/**
 * One HTTP(S) request to the hub with the agent's TLS trust (node:http, because the global fetch
 * takes no per-request CA). Resolves with the response stream; rejects on network and TLS errors
 * with the error's code (ECONNREFUSED, CERT_HAS_EXPIRED, ...) kept.
 */
export function hubRequest(url: string, opts: HubRequest = {}): Promise<IncomingMessage> {
  const target = new URL(url);
  const tls = target.protocol === "https:" && opts.pin ? pinnedTlsOptions(opts.pin) : {};
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method: opts.method ?? "GET", headers: opts.headers, ...tls }, resolve);
    opts.meter?.watchHttp(req);
    req.setTimeout(opts.timeoutMs ?? 30_000, () =>
      req.destroy(Object.assign(new Error("timed out"), { code: "ETIMEDOUT" })),
    );
    req.once("error", reject);
    req.end(opts.body);
  });
}

/** The whole body as text (enrolment answers are small). */
export async function readText(res: IncomingMessage): Promise<string> {
  let text = "";
  res.setEncoding("utf8");
  for await (const chunk of res) text += chunk;
  return text;
}
