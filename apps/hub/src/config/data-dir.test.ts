import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { prepareDataDir } from "./data-dir.ts";

const base = mkdtempSync(join(tmpdir(), "edgeseg-datadir-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const mode = (path: string) => statSync(path).mode & 0o777;

describe("prepareDataDir", () => {
  it("creates the data directory and its artifact store owner-only", async () => {
    const layout = await prepareDataDir(join(base, "fresh"));
    expect([mode(layout.root), mode(layout.artifactsDir)]).toEqual([0o700, 0o700]);
  });

  it("tightens a pre-created 0755 directory (and artifact store) to 0700", async () => {
    const root = join(base, "installed");
    mkdirSync(join(root, "artifacts"), { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(join(root, "artifacts"), 0o775);
    const layout = await prepareDataDir(root);
    expect([mode(layout.root), mode(layout.artifactsDir)]).toEqual([0o700, 0o700]);
  });

  it("refuses a path it cannot create with a message naming it", async () => {
    const file = join(base, "a-file");
    writeFileSync(file, "");
    await expect(prepareDataDir(join(file, "sub"))).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringMatching(
        /^cannot prepare the data directory .*a-file\/sub .*choose a --data-dir/,
      ),
    });
  });
});
