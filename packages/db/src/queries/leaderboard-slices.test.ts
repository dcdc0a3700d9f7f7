import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OTHER_SUITE_SHA, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { countedLeaderboardSlices, leaderboardSlices } from "./leaderboard-slices.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

async function put(deviceId: string, deviceClassId: string, suiteSha256: string, n: number) {
  for (let i = 0; i < n; i++) {
    await upsertResult(db, resultDocument({ suiteSha256, verdict: i % 2 ? "INVALID" : "VALID" }), {
      deviceId,
      deviceClassId,
    });
  }
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "jetson", "jetson-nano");
  await put("pi", "raspberry-pi-4", SUITE_SHA, 2);
  await put("jetson", "jetson-nano", SUITE_SHA, 3);
  await put("pi", "raspberry-pi-4", OTHER_SUITE_SHA, 1);
  // A local run (no suite) is on no leaderboard.
  const local = resultDocument({ modelId: "local" });
  await upsertResult(db, local, { deviceId: "pi", deviceClassId: "generic-arm64" });
  await db.prisma.result.update({ where: { id: local.resultId }, data: { suiteSha256: null } });
});
afterAll(() => db.dispose());

describe("leaderboard slices", () => {
  it("lists every (suite, class) with results once, by suite then class", async () => {
    expect(await leaderboardSlices(db)).toEqual([
      { suiteSha256: SUITE_SHA, deviceClassId: "jetson-nano" },
      { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" },
      { suiteSha256: OTHER_SUITE_SHA, deviceClassId: "raspberry-pi-4" },
    ]);
  });

  it("counts every verdict per slice, most results first", async () => {
    expect(await countedLeaderboardSlices(db)).toEqual([
      { suiteSha256: SUITE_SHA, deviceClassId: "jetson-nano", results: 3 },
      { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4", results: 2 },
      { suiteSha256: OTHER_SUITE_SHA, deviceClassId: "raspberry-pi-4", results: 1 },
    ]);
  });

  it("is empty without results", async () => {
    const empty = await tempDb();
    try {
      expect(await leaderboardSlices(empty)).toEqual([]);
      expect(await countedLeaderboardSlices(empty)).toEqual([]);
    } finally {
      await empty.dispose();
    }
  });
});
