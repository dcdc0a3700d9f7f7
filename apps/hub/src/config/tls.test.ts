import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:tls";
import { isAppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import { afterAll, describe, expect, it } from "vitest";
import { createHub } from "../hub.ts";
import { runCli } from "../testing/cli.ts";
import { issueHubTls, parseHostnames } from "../tls/issue.ts";
import { checkListenPlan, isLoopback, resolveTls, tlsDirLayout } from "./tls.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "edgeseg-tls-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (isAppError(error)) return `${error.code}: ${error.message}`;
    throw error;
  }
  return null;
};

describe("the listen plan: no clear text off loopback", () => {
  it("knows loopback from everything else", () => {
    for (const h of ["127.0.0.1", "127.8.9.10", "::1", "[::1]", "localhost", "::ffff:127.0.0.1"])
      expect(isLoopback(h), h).toBe(true);
    for (const h of ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "fe80::1", "hub.clinic.local", "128.0.0.1"])
      expect(isLoopback(h), h).toBe(false);
  });

  it("refuses a non-loopback address without TLS, naming it and both ways out", () => {
    expect(refusal(() => checkListenPlan({ host: "0.0.0.0", mqtt: true, tls: false, insecure: false }))).toBe(
      "USAGE: refusing to serve MQTT and HTTP without TLS on 0.0.0.0, which is not a loopback address: run edgeseg-hub tls init --hostnames <this hub's names and IPs> (or give --tls-cert and --tls-key), or pass --insecure on a network you trust",
    );
    // With an external broker the hub itself serves only HTTP.
    expect(
      refusal(() => checkListenPlan({ host: "192.168.1.20", mqtt: false, tls: false, insecure: false })),
    ).toContain("refusing to serve HTTP without TLS on 192.168.1.20");
    expect(
      refusal(() => checkListenPlan({ host: "0.0.0.0", mqtt: true, tls: true, insecure: false })),
    ).toBeNull();
    expect(
      refusal(() => checkListenPlan({ host: "0.0.0.0", mqtt: true, tls: false, insecure: true })),
    ).toBeNull();
    expect(
      refusal(() => checkListenPlan({ host: "127.0.0.1", mqtt: true, tls: false, insecure: false })),
    ).toBeNull();
  });

  it("createHub and edgeseg-hub serve stop before binding or creating anything", async () => {
    const dataDir = join(tempDir(), "never-created");
    const error = await createHub({ dataDir, host: "0.0.0.0", mqttPort: 0, httpPort: 0, wsPort: null }).catch(
      (e: unknown) => e,
    );
    expect(isAppError(error) && error.message).toContain(
      "refusing to serve MQTT and HTTP without TLS on 0.0.0.0",
    );
    expect(() => statSync(dataDir)).toThrow(/ENOENT/);

    const run = runCli([
      "serve",
      "--data-dir",
      dataDir,
      "--host",
      "::",
      "--mqtt-port",
      "0",
      "--http-port",
      "0",
    ]);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("refusing to serve MQTT and HTTP without TLS on ::");
    expect(lines[0]).toContain("--insecure");
    expect(() => statSync(dataDir)).toThrow(/ENOENT/);
  });
});

describe("edgeseg-hub tls init", () => {
  it("checks the host names it is given", () => {
    expect(parseHostnames("Hub.Clinic.local, 192.168.1.20,[fd00::20]")).toEqual([
      "hub.clinic.local",
      "192.168.1.20",
      "fd00::20",
      "localhost",
      "127.0.0.1",
      "::1",
    ]);
    expect(refusal(() => parseHostnames("0.0.0.0"))).toContain("0.0.0.0 is a bind address");
    expect(refusal(() => parseHostnames("hub_1.local"))).toContain(
      '"hub_1.local" is neither an IP address nor a DNS name',
    );
    expect(refusal(() => parseHostnames(" , "))).toContain("give at least one");
  });

  it("makes a CA and a server certificate for the names, keys 0600; again, keeps the CA", async () => {
    const dataDir = tempDir();
    const first = await issueHubTls(dataDir, parseHostnames("hub.clinic.local,192.168.1.20"));
    const files = tlsDirLayout(dataDir);
    expect(statSync(files.caKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.serverKey).mode & 0o777).toBe(0o600);
    expect(statSync(files.dir).mode & 0o777).toBe(0o700);
    const ca = new X509Certificate(readFileSync(files.caCert));
    const server = new X509Certificate(readFileSync(files.serverCert));
    expect(first.newCa).toBe(true);
    expect(first.caFingerprint).toBe(caFingerprint(ca));
    expect(ca.ca).toBe(true);
    expect(server.ca).toBe(false);
    expect(server.verify(ca.publicKey)).toBe(true);
    expect(server.checkIssued(ca)).toBe(true);
    expect(server.subjectAltName).toBe(
      "DNS:hub.clinic.local, IP Address:192.168.1.20, DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1",
    );
    expect(server.checkHost("hub.clinic.local")).toBe("hub.clinic.local");
    expect(server.checkHost("other.clinic.local")).toBeUndefined();
    const days = (Date.parse(server.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(824);
    expect(days).toBeLessThan(826);
    // The served chain carries the CA, so a first contact can find the certificate it was told to pin.
    expect(readFileSync(files.serverCert, "utf8").split("BEGIN CERTIFICATE")).toHaveLength(3);

    const again = await issueHubTls(dataDir, parseHostnames("hub2.clinic.local"), 30);
    expect(again.newCa).toBe(false);
    expect(again.caFingerprint).toBe(first.caFingerprint);
    expect(new X509Certificate(readFileSync(files.serverCert)).serialNumber).not.toBe(server.serialNumber);

    const resolved = await resolveTls(dataDir, {});
    expect(resolved?.caFingerprint).toBe(first.caFingerprint);
    expect(resolved?.source).toBe(files.dir);
    expect(await resolveTls(tempDir(), {})).toBeUndefined();
  });

  it("--tls-cert with --tls-ca: the CA is appended to a chain that lacks it, and its fingerprint handed out", async () => {
    const dataDir = tempDir();
    const issued = await issueHubTls(dataDir, parseHostnames("localhost"));
    const files = tlsDirLayout(dataDir);
    const leafOnly = join(tempDir(), "leaf.pem");
    const leaf = readFileSync(files.serverCert, "utf8").split(/(?<=-----END CERTIFICATE-----)/)[0]!;
    writeFileSync(leafOnly, leaf);
    const withCa = await resolveTls(tempDir(), {
      certPath: leafOnly,
      keyPath: files.serverKey,
      caPath: files.caCert,
    });
    expect(withCa?.caFingerprint).toBe(issued.caFingerprint);
    expect(withCa?.source).toBe("--tls-cert");
    expect(withCa?.files.cert.toString().split("BEGIN CERTIFICATE")).toHaveLength(3);
    // A chain that already holds the CA is served as it is.
    const full = await resolveTls(tempDir(), {
      certPath: files.serverCert,
      keyPath: files.serverKey,
      caPath: files.caCert,
    });
    expect(full?.files.cert.equals(readFileSync(files.serverCert))).toBe(true);
    const notCa = await resolveTls(tempDir(), {
      certPath: leafOnly,
      keyPath: files.serverKey,
      caPath: files.serverKey,
    }).catch((e: unknown) => e);
    expect(isAppError(notCa) && notCa.message).toMatch(/^--tls-ca .*server\.key: not a PEM certificate/);
    const half = await resolveTls(tempDir(), { certPath: leafOnly }).catch((e: unknown) => e);
    expect(isAppError(half) && half.message).toBe("give both --tls-cert and --tls-key, or neither");
  });

  it("serve picks it up (mqtts, https); a client trusting only that CA verifies, one trusting another CA is refused", async () => {
    const dataDir = tempDir();
    const issued = await issueHubTls(dataDir, parseHostnames("localhost"));
    const hub = await createHub({ dataDir, mqttPort: 0, httpPort: 0, wsPort: null, logLevel: "silent" });
    try {
      expect(hub.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:/);
      expect(hub.mqttUrl).toMatch(/^mqtts:\/\/127\.0\.0\.1:/);
      const ca = readFileSync(tlsDirLayout(dataDir).caCert);
      const handshake = (port: number, trust: Buffer) =>
        new Promise<string>((resolve) => {
          const s = connect({ host: "127.0.0.1", port, ca: [trust] });
          s.once("secureConnect", () => {
            s.end();
            resolve(caFingerprint(s.getPeerCertificate(true).issuerCertificate.raw));
          });
          s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
        });
      expect(await handshake(hub.mqttPort!, ca)).toBe(issued.caFingerprint);
      expect(await handshake(hub.httpPort, ca)).toBe(issued.caFingerprint);
      // Another hub's CA: OpenSSL refuses the chain (its root is a self-signed CA this client does not trust).
      const other = await issueHubTls(tempDir(), parseHostnames("localhost"));
      expect(await handshake(hub.mqttPort!, readFileSync(other.caCert))).toBe("SELF_SIGNED_CERT_IN_CHAIN");
    } finally {
      await hub.close();
    }
  });
});
