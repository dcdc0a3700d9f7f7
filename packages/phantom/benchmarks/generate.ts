import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { caseSpec, generatePhantomCase, writePhantomDataset } from "../src/index.ts";

/** `npm run bench:phantom`: generation per case (in memory) and the whole test split written to disk. */
generatePhantomCase(1, { dims: [64, 64, 8] }); // warm the JIT, as a long run would be
for (const n of [0, 3]) {
  const spec = caseSpec("test", n);
  const t0 = performance.now();
  generatePhantomCase(spec.seed, spec);
  console.log(`${spec.id} ${spec.dims.join("x")}: ${(performance.now() - t0).toFixed(0)} ms (in memory)`);
}
const dir = await mkdtemp(join(tmpdir(), "edgeseg-phantom-time-"));
const t0 = performance.now();
const cpu0 = process.cpuUsage();
await writePhantomDataset(dir, { split: "test" });
const cpu = process.cpuUsage(cpu0);
console.log(
  `test split written: ${((performance.now() - t0) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
);
await rm(dir, { recursive: true, force: true });
