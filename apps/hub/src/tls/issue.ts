// @peculiar/x509 resolves its ASN.1 schemas through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import { randomBytes, webcrypto, X509Certificate } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { isIP } from "node:net";
import { AppError } from "@edgeseg/protocol";
import { caFingerprint } from "@edgeseg/protocol/crypto";
import * as x509 from "@peculiar/x509";
import { tlsDirLayout } from "../config/tls.ts";

// ECDSA P-256 with SHA-256: every TLS stack agents run (OpenSSL in Node, mbedTLS, Mosquitto) speaks
// it, and keys are made in milliseconds where RSA-2048 takes seconds on a small board.
const ALG = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const CA_DAYS = 3650;
const DAY_MS = 86_400_000;
/** Always in the certificate, so the hub's own host and tests reach it by loopback too. */
const LOOPBACK = ["localhost", "127.0.0.1", "::1"];

export interface IssuedTls {
  caFingerprint: string;
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Whether the CA was made now (false: an existing CA signed a new server certificate). */
  newCa: boolean;
  hostnames: string[];
  notAfter: string;
}

const dnsName = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/** The SAN list: the names and IPs given, then loopback, without duplicates. */
export function parseHostnames(list: string): string[] {
  const given = list
    .split(",")
    .map((h) => h.trim().replace(/^\[|\]$/g, ""))
    .filter((h) => h.length > 0);
  for (const h of given) {
    if (h === "0.0.0.0" || h === "::")
      throw new AppError(
        "USAGE",
        `--hostnames: ${h} is a bind address, not one agents can reach; give the hub's real IPs and names`,
      );
    if (isIP(h) === 0 && !dnsName.test(h))
      throw new AppError("USAGE", `--hostnames: "${h}" is neither an IP address nor a DNS name`);
  }
  if (given.length === 0)
    throw new AppError("USAGE", "--hostnames: give at least one DNS name or IP address");
  return [...new Set([...given.map((h) => (isIP(h) ? h : h.toLowerCase())), ...LOOPBACK])];
}

const pem = (der: ArrayBuffer, label: string) => x509.PemConverter.encode(der, label);
const serial = () => {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f; // a positive INTEGER [RFC 5280 4.1.2.2]
  return bytes.toString("hex");
};

/**
 * Makes (or reuses) the hub's private CA in <dataDir>/tls and issues a server certificate for
 * `hostnames` signed by it. The CA is kept when it exists: re-issuing the server certificate (new names,
 * expiry) leaves the fingerprint enrolled agents pinned unchanged. Private keys are written 0600.
 */
export async function issueHubTls(
  dataDir: string,
  hostnames: string[],
  days = 825,
  now = new Date(),
): Promise<IssuedTls> {
  x509.cryptoProvider.set(webcrypto as never);
  const layout = tlsDirLayout(dataDir);
  await mkdir(layout.dir, { recursive: true, mode: 0o700 });
  await chmod(layout.dir, 0o700);

  let ca: x509.X509Certificate;
  let caKey: webcrypto.CryptoKey;
  const newCa = !(existsSync(layout.caCert) && existsSync(layout.caKey));
  if (newCa) {
    const keys = (await webcrypto.subtle.generateKey(ALG, true, [
      "sign",
      "verify",
    ])) as webcrypto.CryptoKeyPair;
    ca = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: serial(),
      name: `CN=edgeseg hub CA ${randomBytes(4).toString("hex")}, O=edgeseg`,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: new Date(now.getTime() + CA_DAYS * DAY_MS),
      keys,
      signingAlgorithm: ALG,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    caKey = keys.privateKey;
    const pkcs8 = await webcrypto.subtle.exportKey("pkcs8", caKey);
    await writeFile(layout.caKey, pem(pkcs8, "PRIVATE KEY"), { mode: 0o600 });
    await writeFile(layout.caCert, ca.toString("pem"), { mode: 0o644 });
  } else {
    ca = new x509.X509Certificate(await readFile(layout.caCert, "utf8"));
    const der = x509.PemConverter.decodeFirst(await readFile(layout.caKey, "utf8"));
    caKey = await webcrypto.subtle.importKey("pkcs8", der, ALG, false, ["sign"]);
  }

  const serverKeys = (await webcrypto.subtle.generateKey(ALG, true, [
    "sign",
    "verify",
  ])) as webcrypto.CryptoKeyPair;
  const notAfter = new Date(now.getTime() + days * DAY_MS);
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(),
    subject: `CN=${hostnames[0]}, O=edgeseg`,
    issuer: ca.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    signingKey: caKey,
    publicKey: serverKeys.publicKey,
    signingAlgorithm: ALG,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(
        hostnames.map((h) =>
          isIP(h) ? { type: "ip" as const, value: h } : { type: "dns" as const, value: h },
        ),
      ),
      await x509.SubjectKeyIdentifierExtension.create(serverKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false),
    ],
  });
  const serverPkcs8 = await webcrypto.subtle.exportKey("pkcs8", serverKeys.privateKey);
  const chain = `${server.toString("pem")}\n${ca.toString("pem")}\n`;
  await writeFile(layout.serverKey, pem(serverPkcs8, "PRIVATE KEY"), { mode: 0o600 });
  await chmod(layout.serverKey, 0o600);
  await writeFile(layout.serverCert, chain, { mode: 0o644 });

  const caPem = ca.toString("pem");
  // Node's own X.509 parser must agree that the server certificate is the CA's: a self-check.
  if (!new X509Certificate(server.toString("pem")).verify(new X509Certificate(caPem).publicKey)) {
    throw new AppError("INTERNAL", "the issued server certificate does not verify against the CA");
  }
  return {
    caFingerprint: caFingerprint(caPem),
    caCert: layout.caCert,
    serverCert: layout.serverCert,
    serverKey: layout.serverKey,
    newCa,
    hostnames,
    notAfter: notAfter.toISOString(),
  };
}
