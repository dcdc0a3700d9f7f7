import type { IncomingMessage } from "node:http";

export interface PublicUrlConfig {
  tls: boolean;
  /** The CA the hub's certificate chains to, for enrolling agents to pin (sha256:<hex> of its DER). */
  caFingerprint?: string;
  mqttPort: number | null;
  /** An external broker's URL: agents connect there. */
  broker?: string;
  publicHttpUrl?: string;
  publicMqttUrl?: string;
  /** Where the hub listens, used when the request names no usable host. */
  host: string;
  httpPort: number;
}

// A host name, IPv4 address or bracketed IPv6 address, with an optional port (RFC 9110 section 7.2).
const hostHeader = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The URLs enrolment hands to an agent. Configured public URLs win; otherwise the host the agent
 * itself used to reach the hub (its Host header), which is reachable from the agent by definition,
 * unlike a bind address such as 0.0.0.0.
 */
export function publicUrls(req: IncomingMessage, c: PublicUrlConfig): { hubUrl: string; mqttUrl: string } {
  const given = req.headers.host;
  const host = given && hostHeader.test(given) ? given : `${bracket(c.host)}:${c.httpPort}`;
  const hostname = host.replace(/:\d+$/, "");
  const hubUrl = c.publicHttpUrl ?? `${c.tls ? "https" : "http"}://${host}`;
  const mqttUrl =
    c.publicMqttUrl ?? c.broker ?? `${c.tls ? "mqtts" : "mqtt"}://${hostname}:${c.mqttPort ?? 1883}`;
  return { hubUrl, mqttUrl };
}

const bracket = (h: string) => (h.includes(":") && !h.startsWith("[") ? `[${h}]` : h);
