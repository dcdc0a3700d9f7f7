import { X509Certificate } from "node:crypto";
import {
  connect,
  type DetailedPeerCertificate,
  checkServerIdentity as defaultIdentityCheck,
  type PeerCertificate,
} from "node:tls";
import { AppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";

/** The CA an agent trusts for its hub: the certificate (PEM) and the fingerprint it was pinned by. */
export interface PinnedCa {
  caCert: string;
  caFingerprint: string;
}

/** The certificates a server presented, leaf first (getPeerCertificate(true) links them by issuer). */
function presentedChain(leaf: DetailedPeerCertificate): DetailedPeerCertificate[] {
  const chain: DetailedPeerCertificate[] = [];
  for (
    let c: DetailedPeerCertificate | undefined = leaf;
    c?.raw && !chain.includes(c);
    c = c.issuerCertificate
  ) {
    chain.push(c);
  }
  return chain;
}

/**
 * First contact with a hub over TLS, before anything secret is sent: one handshake that accepts any
 * certificate, only to find the CA certificate whose sha256 is the pinned fingerprint among those the
 * hub presented (edgeseg-hub sends its CA in the chain). Nothing is trusted yet: every request after
 * this one verifies the whole chain, signatures, dates and host name against that CA alone.
 */
export function fetchPinnedCa(url: URL, fingerprint: string, timeoutMs = 15_000): Promise<PinnedCa> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const port = Number(url.port || 443);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      ...(isIpLiteral(host) ? {} : { servername: host }),
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    const fail = (error: AppError) => {
      socket.destroy();
      reject(error);
    };
    socket.once("timeout", () =>
      fail(
        new AppError(
          "RUNTIME",
          `no TLS handshake with ${host}:${port} within ${timeoutMs / 1000} s; check the --hub URL`,
        ),
      ),
    );
    socket.once("error", (error: NodeJS.ErrnoException) =>
      fail(
        new AppError(
          "RUNTIME",
          `cannot reach the hub at ${url.origin} over TLS (${error.code ?? error.message}); check the --hub URL and that edgeseg-hub serves HTTPS there`,
        ),
      ),
    );
    socket.once("secureConnect", () => {
      const chain = presentedChain(socket.getPeerCertificate(true));
      const pinned = chain.find((c) => caFingerprint(c.raw) === fingerprint);
      socket.end();
      if (!pinned) {
        const seen = chain.map((c) => `${c.subject?.CN ?? "?"} ${caFingerprint(c.raw)}`).join("; ");
        return fail(
          new AppError(
            "INTEGRITY",
            `the server at ${url.origin} presented no certificate of the pinned CA ${fingerprint} (it presented: ${seen || "none"}); check --ca-fingerprint against edgeseg-hub tls fingerprint on the hub: another server may be answering at this address`,
          ),
        );
      }
      resolve({ caCert: new X509Certificate(pinned.raw).toString(), caFingerprint: fingerprint });
    });
  });
}

const isIpLiteral = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/**
 * TLS client options that trust the pinned CA and nothing else: `ca` replaces Node's bundled roots, so
 * OpenSSL accepts only chains that end in it; the identity check adds the host name check and, in
 * defence in depth, that the verified chain's root is the pinned certificate itself.
 */
export function pinnedTlsOptions(pin: PinnedCa) {
  return {
    ca: [pin.caCert],
    rejectUnauthorized: true,
    checkServerIdentity(host: string, cert: PeerCertificate): Error | undefined {
      const identity = defaultIdentityCheck(host, cert);
      if (identity) return identity;
      const chain = presentedChain(cert as DetailedPeerCertificate);
      const root = chain[chain.length - 1];
      if (!root || caFingerprint(root.raw) !== pin.caFingerprint) {
        return new Error(`the hub's certificate does not chain to the pinned CA ${pin.caFingerprint}`);
      }
      return undefined;
    },
  };
}
