import { parseArgs } from "node:util";
import { writePhantomDataset } from "../src/index.ts";

/**
 * Developer entry (the agent's `phantom` command is the user-facing one):
 * tsx scripts/generate.ts --out DIR --split train [--site b]
 */
const { values } = parseArgs({
  options: {
    out: { type: "string" },
    split: { type: "string", default: "test" },
    cases: { type: "string" },
    site: { type: "string", default: "a" },
  },
});
if (
  !values.out ||
  (values.split !== "train" && values.split !== "test") ||
  (values.site !== "a" && values.site !== "b")
) {
  console.error(
    "usage: tsx packages/phantom/scripts/generate.ts --out <dir> [--split train|test] [--site a|b] [--cases n]",
  );
  process.exit(2);
}
const started = performance.now();
const result = await writePhantomDataset(values.out, {
  split: values.split,
  site: values.site,
  ...(values.cases ? { cases: Number(values.cases) } : {}),
  onCase: (done, total) =>
    console.error(`case ${done}/${total} ${((performance.now() - started) / 1000).toFixed(1)} s`),
});
console.log(
  JSON.stringify({
    sha256: result.sha256,
    files: result.files.length,
    seconds: (performance.now() - started) / 1000,
  }),
);
