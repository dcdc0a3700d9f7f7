/**
 * Audit trail cost: an audited device status change against the same change unaudited, and the admin
 * page's queries at a large trail. Temporary database, removed at the end.
 *
 *   npm run bench:audit [-- <entries, default 200000>]
 */
import { performance } from "node:perf_hooks";
import { auditActors, listAudit, withAudit } from "../src/audit/index.ts";
import { seedDevice, tempDb } from "../src/testing/temp-db.ts";

const N = Number(process.argv[2] ?? 200_000);
const db = await tempDb();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function time(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

try {
  await seedDevice(db, "dev-1");
  const actor = { userId: "u-1", label: "admin@example.org" };
  let flip = false;
  const status = (): "disabled" | "active" => {
    flip = !flip;
    return flip ? "disabled" : "active";
  };
  const plain = await time(1000, () =>
    db.prisma.device.update({ where: { id: "dev-1" }, data: { status: status() } }),
  );
  const audited = await time(1000, () =>
    withAudit(db.prisma, actor, async (tx, audit) => {
      const to = status();
      await tx.device.update({ where: { id: "dev-1" }, data: { status: to } });
      audit({
        action: to === "disabled" ? "device.disable" : "device.enable",
        targetId: "dev-1",
        after: { status: to },
      });
    }),
  );
  console.log(
    `write: plain update p50 ${plain.toFixed(3)} ms, audited (transaction + entry) p50 ${audited.toFixed(3)} ms`,
  );

  // A trail of N entries over 100 days: 20 actors, every action, 5,000 targets.
  const actions = [
    "device.approve",
    "device.disable",
    "token.create",
    "campaign.create",
    "policy.update",
    "user.role",
  ];
  const t0 = Date.UTC(2026, 8, 1);
  const seedStart = performance.now();
  for (let i = 0; i < N; i += 5000) {
    await db.prisma.auditEntry.createMany({
      data: Array.from({ length: Math.min(5000, N - i) }, (_, k) => {
        const n = i + k;
        return {
          at: new Date(t0 + Math.floor((n / N) * 100 * 86_400_000)),
          actorUserId: `u-${n % 20}`,
          actorLabel: `user${n % 20}@example.org`,
          action: actions[n % actions.length] as string,
          targetType: "device",
          targetId: `dev-${n % 5000}`,
          before: '{"status":"active"}',
          after: '{"status":"disabled"}',
        };
      }),
    });
  }
  console.log(`seeded ${N} entries in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  const cases: [string, () => Promise<unknown>][] = [
    ["first page, no filter", () => listAudit(db.prisma, {}, 1)],
    ["page 100, no filter", () => listAudit(db.prisma, {}, 100)],
    ["actor", () => listAudit(db.prisma, { actor: "user7@example.org" }, 1)],
    ["action", () => listAudit(db.prisma, { action: "policy.update" }, 1)],
    ["target", () => listAudit(db.prisma, { targetType: "device", targetId: "dev-42" }, 1)],
    [
      "one day",
      () =>
        listAudit(db.prisma, { from: new Date(t0 + 50 * 86_400_000), to: new Date(t0 + 51 * 86_400_000) }, 1),
    ],
    [
      "actor + action + 10 days",
      () =>
        listAudit(
          db.prisma,
          {
            actor: "user3@example.org",
            action: "user.role",
            from: new Date(t0 + 10 * 86_400_000),
            to: new Date(t0 + 20 * 86_400_000),
          },
          1,
        ),
    ],
  ];
  for (const [name, fn] of cases)
    console.log(`listAudit ${name}: p50 ${(await time(20, fn)).toFixed(1)} ms (count + page of 50)`);
  const actors = await time(20, () => auditActors(db.prisma));
  console.log(`auditActors (the actor filter's list): p50 ${actors.toFixed(1)} ms`);
} finally {
  await db.dispose();
}
