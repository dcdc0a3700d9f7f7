import { mkdir, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { PHANTOM_GENERATOR_ID, PHANTOM_SEEDS, PHANTOM_VERSION, writePhantomDataset } from "@edgeseg/phantom";
import { AppError, isAppError } from "@edgeseg/protocol";
import { type LoadedSuite, loadSuite, type VerifiedModel, verifySuiteAssets } from "@edgeseg/suites";

export interface PreparedSuite {
  loaded: LoadedSuite;
  /** The suite's dataset, generated on this device and verified against the suite's hash. */
  datasetDir: string;
  datasetSha256: string;
  /** Every model of the suite, its manifest and ONNX files verified. */
  models: VerifiedModel[];
}

/**
 * Makes a suite runnable here: its models verified against their pinned hashes, its dataset generated
 * into the local cache when missing (or when a cached copy no longer matches) and verified. Every agent
 * in a fleet thus runs bit-for-bit the same benchmark without any dataset crossing the network.
 */
export async function prepareSuite(
  idOrPath: string,
  cacheDir: string,
  onCase?: (done: number, total: number) => void,
): Promise<PreparedSuite> {
  const loaded = await loadSuite(idOrPath);
  const ds = loaded.suite.dataset;
  checkGenerator(loaded);
  const datasetDir = join(
    cacheDir,
    "datasets",
    `${ds.generator}-${ds.split}-${ds.cases}-${ds.sha256.slice(0, 16)}`,
  );
  if (!(await exists(join(datasetDir, "dataset.json")))) await generate(loaded, datasetDir, onCase);
  try {
    return await verified(loaded, datasetDir);
  } catch (error) {
    // A cached copy that no longer matches (a disk error, a hand edit) is rebuilt once, then trusted or refused.
    if (!isAppError(error) || error.code !== "INTEGRITY") throw error;
    await generate(loaded, datasetDir, onCase);
    return verified(loaded, datasetDir);
  }
}

async function verified(loaded: LoadedSuite, datasetDir: string): Promise<PreparedSuite> {
  const assets = await verifySuiteAssets(loaded, { datasetDir });
  return { loaded, datasetDir, datasetSha256: assets.datasetSha256!, models: assets.models };
}

function checkGenerator(loaded: LoadedSuite): void {
  const ds = loaded.suite.dataset;
  const ours = `${PHANTOM_GENERATOR_ID} ${PHANTOM_VERSION} (seed ${PHANTOM_SEEDS[ds.split]} for ${ds.split})`;
  if (
    ds.generator !== PHANTOM_GENERATOR_ID ||
    ds.generatorVersion !== PHANTOM_VERSION ||
    ds.seed !== PHANTOM_SEEDS[ds.split]
  ) {
    throw new AppError(
      "INPUT",
      `suite ${loaded.suite.id}@${loaded.suite.version} needs dataset generator ${ds.generator} ${ds.generatorVersion} ` +
        `with seed ${ds.seed}; this agent has ${ours}. Update the agent or use a suite made for it.`,
    );
  }
}

/** Generates into a sibling temp folder and renames it into place, so a crash never leaves half a dataset. */
async function generate(
  loaded: LoadedSuite,
  datasetDir: string,
  onCase?: (done: number, total: number) => void,
) {
  const ds = loaded.suite.dataset;
  const tmp = `${datasetDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await writePhantomDataset(tmp, { split: ds.split, cases: ds.cases, ...(onCase ? { onCase } : {}) });
  await rm(datasetDir, { recursive: true, force: true });
  await rename(tmp, datasetDir);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
