import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { sha256Bytes } from "@edgeseg/bench";
import {
  PHANTOM_GENERATOR_ID,
  PHANTOM_SEEDS,
  PHANTOM_VERSION,
  splitSeed,
  writePhantomDataset,
} from "@edgeseg/phantom";
import { bundledSuitePath, manifestPath, suiteSchema } from "../src/index.ts";

/**
 * Maintainer step after retraining or changing the phantom: regenerates the suite's dataset in a temp
 * directory and rewrites the pinned hashes in <id>/suite.json (dataset, each manifest). Then run
 * `npx biome format --write packages/suites` and the suites tests. Usage: tsx scripts/pin-suite.ts [id]
 */
const { positionals } = parseArgs({ allowPositionals: true });
const id = positionals[0] ?? "standard-v1";
const path = bundledSuitePath(id);
if (!path) throw new Error(`no bundled suite ${id}`);
const suite = suiteSchema.parse(JSON.parse(await readFile(path, "utf8")));
if (suite.dataset.generator !== PHANTOM_GENERATOR_ID)
  throw new Error(`unknown generator ${suite.dataset.generator}`);
const dir = await mkdtemp(join(tmpdir(), "edgeseg-pin-"));
try {
  const split = suite.dataset.split;
  const written = await writePhantomDataset(dir, { split, cases: suite.dataset.cases });
  suite.dataset = {
    ...suite.dataset,
    generatorVersion: PHANTOM_VERSION,
    seed: PHANTOM_SEEDS[split],
    sha256: written.sha256,
  };
  // The fine-tuning scenario's second site: both splits, generated and hashed the same way.
  const ft = suite.fineTuning;
  if (ft) {
    ft.site.generatorVersion = PHANTOM_VERSION;
    for (const which of ["train", "test"] as const) {
      const out = join(dir, `site-${ft.site.site}-${which}`);
      const site = await writePhantomDataset(out, {
        split: which,
        site: ft.site.site,
        cases: ft.site[which].cases,
      });
      ft.site[which] = { ...ft.site[which], seed: splitSeed(which, ft.site.site), sha256: site.sha256 };
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
const loaded = { suite, path, sha256: "" };
for (const model of suite.models)
  model.sha256 = sha256Bytes(await readFile(manifestPath(loaded, model.manifest)));
await writeFile(path, `${JSON.stringify(suite, null, 2)}\n`);
console.log(`${path}: dataset ${suite.dataset.sha256}, ${suite.models.length} models pinned`);
