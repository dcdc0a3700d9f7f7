import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { loadDataset } from "@edgeseg/bench";
import { PHANTOM_GENERATOR_ID, PHANTOM_VERSION, splitSeed, writePhantomDataset } from "@edgeseg/phantom";
import { AppError } from "@edgeseg/protocol";

/** The part of a suite's fine-tuning scenario that names the new site's data (packages/suites). */
export interface SiteData {
  generator: string;
  generatorVersion: string;
  site: "b";
  train: { seed: number; cases: number; sha256: string };
  test: { seed: number; cases: number; sha256: string };
}

export interface PreparedSite {
  trainDir: string;
  testDir: string;
  /** How results name the data: "<dataset name>@<first 8 of the test split's hash>". */
  label: string;
}

/**
 * The new site's train and test splits, generated on the device into the cache (like the suite's
 * dataset: no image crosses the network) and verified against the scenario's pinned hashes.
 */
export async function prepareSite(
  site: SiteData,
  cacheDir: string,
  onCase?: (split: string, done: number, total: number) => void,
): Promise<PreparedSite> {
  if (site.generator !== PHANTOM_GENERATOR_ID || site.generatorVersion !== PHANTOM_VERSION)
    throw new AppError(
      "INPUT",
      `the fine-tuning scenario needs ${site.generator} ${site.generatorVersion}; this agent has ${PHANTOM_GENERATOR_ID} ${PHANTOM_VERSION}. Update the agent or use a suite made for it.`,
    );
  const dirs: Record<"train" | "test", string> = { train: "", test: "" };
  for (const split of ["train", "test"] as const) {
    const want = site[split];
    if (want.seed !== splitSeed(split, site.site))
      throw new AppError(
        "INPUT",
        `the fine-tuning scenario's site ${site.site} ${split} seed is ${want.seed}; this agent's is ${splitSeed(split, site.site)}. Update the agent or the suite.`,
      );
    const dir = join(
      cacheDir,
      "datasets",
      `${site.generator}-site-${site.site}-${split}-${want.cases}-${want.sha256.slice(0, 16)}`,
    );
    if (!(await exists(join(dir, "dataset.json")))) {
      const tmp = `${dir}.tmp-${process.pid}`;
      await rm(tmp, { recursive: true, force: true });
      await mkdir(tmp, { recursive: true });
      await writePhantomDataset(tmp, {
        split,
        site: site.site,
        cases: want.cases,
        onCase: (done, total) => onCase?.(split, done, total),
      });
      await rm(dir, { recursive: true, force: true });
      await rename(tmp, dir);
    }
    const dataset = await loadDataset(dir, { split });
    const actual = await dataset.sha256();
    if (actual !== want.sha256)
      throw new AppError(
        "INTEGRITY",
        `the site ${site.site} ${split} split in ${dir} hashes to ${actual}, the suite pins ${want.sha256}: delete the folder to regenerate it, or update the agent`,
      );
    dirs[split] = dir;
  }
  return {
    trainDir: dirs.train,
    testDir: dirs.test,
    label: `${PHANTOM_GENERATOR_ID}-site-${site.site}@${site.test.sha256.slice(0, 8)}`,
  };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
