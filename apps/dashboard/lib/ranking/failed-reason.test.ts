import { fileURLToPath } from "node:url";
import { failedResult, prepareRun } from "@edgeseg/bench";
import { upsertResult } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExcludedList } from "../../app/(app)/leaderboard/excluded-list.tsx";
import { seedDevice } from "../testing/seed.ts";
import { SUITE, seedSuite } from "../testing/seed-results.ts";
import { loadLeaderboard } from "./load-leaderboard.ts";
import { clearSliceCounts } from "./slice-cache.ts";

const fixture = (rel: string) =>
  fileURLToPath(new URL(`../../../../packages/bench/fixtures/${rel}`, import.meta.url));
const MESSAGE = "used more than the 512 MB memory limit (peak resident 530 MB) and was killed";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db.prisma, "pi", { deviceClassId: "raspberry-pi-4" });
  await seedSuite(db.prisma);
  // A failed run as the agent sends it: the engine's own failed-result builder, stored by the hub's upsert.
  const { header } = await prepareRun({
    manifestPath: fixture("models/threshold-seg/manifest.json"),
    datasetDir: fixture("datasets/msd"),
    agentVersion: "test",
    suite: { id: "standard", version: "1", sha256: SUITE },
  });
  const doc = failedResult(
    header,
    { reason: "out-of-memory", message: MESSAGE, exitCode: null, signal: "SIGKILL" },
    null,
  );
  await upsertResult(db, doc, { deviceId: "pi", deviceClassId: "raspberry-pi-4" });
  clearSliceCounts();
}, 60_000);
afterAll(() => db.dispose());

const occurrences = (text: string, part: string) => text.split(part).length - 1;

describe("a failed run on the leaderboard", () => {
  it("shows its reason once in the server-rendered Not ranked list", async () => {
    const page = await loadLeaderboard(db, { suite: SUITE, class: "raspberry-pi-4" });
    const view = page.view!;
    const html = renderToStaticMarkup(
      createElement(ExcludedList, {
        excluded: view.excluded,
        invalidRunsOfRanked: view.invalidRunsOfRanked,
        notDispatchedRunsOfRanked: view.notDispatchedRunsOfRanked,
      }),
    );
    expect(html).toContain('data-model="threshold-seg@');
    expect(html).toContain(`Latest run failed: out-of-memory: ${MESSAGE}.`);
    expect(occurrences(html, MESSAGE)).toBe(1);
  });
});
