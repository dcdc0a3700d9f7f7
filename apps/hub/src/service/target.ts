import type { Broker } from "../broker/create-broker.ts";
import { duplexPair } from "../broker/duplex-pair.ts";
import type { BrokerTarget } from "./client.ts";

/** The embedded broker, reached through an in-memory stream pair (a fresh pair per (re)connect). */
export function embeddedTarget(broker: Broker): BrokerTarget {
  return {
    stream: () => {
      const [clientSide, brokerSide] = duplexPair();
      broker.handle(brokerSide);
      return clientSide;
    },
  };
}

/**
 * An external broker. Credentials in the URL (mqtt://user:pass@host) are the hub's account there;
 * without them the hub uses its service credential. They are taken out of the URL so they never
 * appear in logs.
 */
export function externalTarget(url: string): {
  target: BrokerTarget;
  shown: string;
  username?: string;
  password?: string;
} {
  const u = new URL(url);
  const username = u.username ? decodeURIComponent(u.username) : undefined;
  const password = u.password ? decodeURIComponent(u.password) : undefined;
  u.username = "";
  u.password = "";
  const shown = u.toString();
  return { target: { url: shown }, shown, username, password };
}
