import { describe, expect, it } from "vitest";
import { hashSecret, needsRehash, passwordScryptParams, verifySecret } from "./secret.ts";
import { hashToken } from "./token.ts";

describe("hashSecret / verifySecret", () => {
  it("round-trips and refuses a wrong secret", async () => {
    const hash = await hashSecret("s3cret-device-key");
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifySecret("s3cret-device-key", hash)).toBe(true);
    expect(await verifySecret("s3cret-device-keY", hash)).toBe(false);
    expect(await verifySecret("", hash)).toBe(false);
  });

  it("salts every hash, so equal secrets hash differently", async () => {
    const [a, b] = await Promise.all([hashSecret("same"), hashSecret("same")]);
    expect(a).not.toBe(b);
    expect(await verifySecret("same", b)).toBe(true);
  });

  it("reads the parameters from the hash, so older or stronger hashes still verify", async () => {
    const hash = await hashSecret("pw", { N: 2 ** 15, r: 8, p: 1 });
    expect(hash.startsWith("scrypt$32768$8$1$")).toBe(true);
    expect(await verifySecret("pw", hash)).toBe(true);
  });

  it("hashes passwords at OWASP's N = 2^17 (128 MiB, above node's default maxmem) and says which hashes are weaker", async () => {
    const strong = await hashSecret("correct horse", passwordScryptParams);
    expect(strong).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await verifySecret("correct horse", strong)).toBe(true);
    expect(needsRehash(strong, passwordScryptParams)).toBe(false);
    const old = await hashSecret("correct horse");
    expect(needsRehash(old, passwordScryptParams)).toBe(true);
    expect(needsRehash(old, { N: 2 ** 14, r: 8, p: 1 })).toBe(false);
    expect(() => needsRehash("bcrypt$x", passwordScryptParams)).toThrow(/scrypt\$N\$r\$p/);
  });

  it('derives RFC 7914\'s scrypt test vector (§12: "password", "NaCl", N=1024, r=8, p=16)', async () => {
    // The first 32 bytes of the published 64-byte key (PBKDF2's blocks are independent).
    const key = Buffer.from("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162", "hex");
    const hash = `scrypt$1024$8$16$${Buffer.from("NaCl").toString("base64url")}$${key.toString("base64url")}`;
    expect(await verifySecret("password", hash)).toBe(true);
    expect(await verifySecret("passwore", hash)).toBe(false);
  });

  it("refuses a malformed or hostile hash with an INTEGRITY error", async () => {
    for (const bad of [
      "",
      "bcrypt$x",
      "scrypt$1000$8$1$AA$AA",
      `scrypt$${2 ** 24}$8$1$AA$AA`,
      "scrypt$16384$8$1$$AA",
    ]) {
      await expect(verifySecret("x", bad)).rejects.toMatchObject({ code: "INTEGRITY" });
    }
  });
});

describe("hashToken", () => {
  it("is sha256 hex", () => {
    expect(hashToken("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
