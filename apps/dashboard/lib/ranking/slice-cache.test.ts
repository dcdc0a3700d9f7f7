import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice } from "../testing/seed.ts";
import { SUITE, seedResult } from "../testing/seed-results.ts";
import { cachedSliceCounts, clearSliceCounts, SLICE_COUNT_TTL_MS } from "./slice-cache.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

beforeAll(async () => {
  clearSliceCounts();
  db = await tempDb();
  await seedDevice(db.prisma, "pi", { deviceClassId: "raspberry-pi-4" });
});
afterAll(() => db.dispose());

describe("cachedSliceCounts", () => {
  it("does not keep an empty answer, so the first results show at once", async () => {
    expect(await cachedSliceCounts(db, 0)).toEqual([]);
    await seedResult(db.prisma, { deviceId: "pi", deviceClassId: "raspberry-pi-4", modelId: "unet" });
    expect(await cachedSliceCounts(db, 1)).toEqual([
      { suiteSha256: SUITE, deviceClassId: "raspberry-pi-4", results: 1 },
    ]);
  });

  it("answers from the cache within the TTL and counts again after it", async () => {
    await seedResult(db.prisma, { deviceId: "pi", deviceClassId: "raspberry-pi-4", modelId: "sam" });
    expect((await cachedSliceCounts(db, 2))[0]?.results).toBe(1);
    expect((await cachedSliceCounts(db, 1 + SLICE_COUNT_TTL_MS))[0]?.results).toBe(2);
  });
});
