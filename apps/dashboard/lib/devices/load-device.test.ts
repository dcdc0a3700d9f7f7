import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedClass, seedDevice } from "../testing/seed.ts";
import { seedResult, seedSuite } from "../testing/seed-results.ts";
import { loadDevice } from "./load-device.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
let signedId: string;
let unsignedId: string;

beforeAll(async () => {
  db = await tempDb();
  const p = db.prisma;
  await seedClass(p, "raspberry-pi-4", "Raspberry Pi 4");
  await seedDevice(p, "pi-a", { deviceClassId: "raspberry-pi-4" });
  await seedSuite(p);
  signedId = await seedResult(p, { deviceId: "pi-a", deviceClassId: "raspberry-pi-4", modelId: "unet" });
  unsignedId = await seedResult(p, { deviceId: "pi-a", deviceClassId: "raspberry-pi-4", modelId: "unet" });
  // The hub writes a signature only after verifying it.
  await p.result.update({ where: { id: signedId }, data: { signature: "s".repeat(86) } });
});
afterAll(() => db.dispose());

describe("the device page's results", () => {
  it("says which were verified, without handing the signature to the page", async () => {
    const detail = await loadDevice(db.prisma, "pi-a");
    const byId = new Map(detail!.results.map((r) => [r.id, r]));
    expect(byId.get(signedId)?.verified).toBe(true);
    expect(byId.get(unsignedId)?.verified).toBe(false);
    expect(Object.keys(byId.get(signedId)!)).not.toContain("signature");
  });
});
