import { randomUUID } from "node:crypto";
import { upsertResult } from "@edgeseg/db";
import { exampleResultDocument, type ResultDocument } from "@edgeseg/protocol";
import { generateSigningKeyPair, signResult } from "@edgeseg/protocol/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { verifyStoredResults } from "./verify-stored.ts";

let hub: TestHub;
const keys = generateSigningKeyPair();
const ids: Record<string, string> = {};
const classId = exampleResultDocument.device.deviceClass.id;

async function store(deviceId: string, name: string, receivedAt: string, signed: boolean) {
  const doc: ResultDocument = { ...structuredClone(exampleResultDocument), resultId: randomUUID() };
  const signature = signed ? signResult(deviceId, doc, keys.privateKeyPem).value : undefined;
  await upsertResult(hub.db, doc, { deviceId, deviceClassId: classId, ...(signature ? { signature } : {}) });
  await hub.db.prisma.result.update({
    where: { id: doc.resultId },
    data: { receivedAt: new Date(receivedAt) },
  });
  ids[name] = doc.resultId;
}

beforeAll(async () => {
  hub = await startHub();
  await hub.addDevice("pi-signer");
  await hub.addDevice("pi-old");
  await hub.db.prisma.device.update({ where: { id: "pi-signer" }, data: { signingKey: keys.publicKey } });
  await store("pi-signer", "nov", "2026-11-20T10:00:00Z", true);
  await store("pi-signer", "dec", "2026-12-02T10:00:00Z", true);
  await store("pi-old", "old", "2026-12-02T11:00:00Z", false);
});
afterAll(() => hub.dispose());

describe("edgeseg-hub verify", () => {
  it("counts verified, failed and unsigned results, for everything or a range or a device", async () => {
    expect(await verifyStoredResults(hub.db)).toEqual({
      checked: 3,
      verified: 2,
      failed: 0,
      unsigned: 1,
      failures: [],
    });
    const december = await verifyStoredResults(hub.db, { since: new Date("2026-12-01T00:00:00Z") });
    expect(december).toMatchObject({ checked: 2, verified: 1, unsigned: 1 });
    const november = await verifyStoredResults(hub.db, { until: new Date("2026-12-01T00:00:00Z") });
    expect(november).toMatchObject({ checked: 1, verified: 1, unsigned: 0 });
    expect(await verifyStoredResults(hub.db, { deviceId: "pi-old" })).toMatchObject({
      checked: 1,
      unsigned: 1,
    });
  });

  it("fails a stored signature that no longer matches: a swapped signature, a key that changed", async () => {
    const [nov, dec] = await hub.db.prisma.result.findMany({
      where: { id: { in: [ids.nov!, ids.dec!] } },
      orderBy: { receivedAt: "asc" },
    });
    // Swap the two signatures: each is a valid signature, of the other document.
    await hub.db.prisma.result.update({ where: { id: nov!.id }, data: { signature: dec!.signature } });
    await hub.db.prisma.result.update({ where: { id: dec!.id }, data: { signature: nov!.signature } });
    const swapped = await verifyStoredResults(hub.db, { deviceId: "pi-signer" });
    expect(swapped).toMatchObject({ checked: 2, verified: 0, failed: 2 });
    expect(swapped.failures.map((f) => f.reason)).toEqual([
      "the signature does not match the result as received for device pi-signer",
      "the signature does not match the result as received for device pi-signer",
    ]);
    await hub.db.prisma.result.update({ where: { id: nov!.id }, data: { signature: nov!.signature } });
    await hub.db.prisma.result.update({ where: { id: dec!.id }, data: { signature: dec!.signature } });
    const other = generateSigningKeyPair();
    await hub.db.prisma.device.update({ where: { id: "pi-signer" }, data: { signingKey: other.publicKey } });
    const rekeyed = await verifyStoredResults(hub.db, { deviceId: "pi-signer" });
    expect(rekeyed).toMatchObject({ verified: 0, failed: 2 });
    // The stored signature names no key: it is checked against the key the device holds now.
    expect(rekeyed.failures[0]!.reason).toBe(
      "the signature does not match the result as received for device pi-signer",
    );
    await hub.db.prisma.device.update({ where: { id: "pi-signer" }, data: { signingKey: keys.publicKey } });
    expect(await verifyStoredResults(hub.db, { deviceId: "pi-signer" })).toMatchObject({
      verified: 2,
      failed: 0,
    });
  });
});
