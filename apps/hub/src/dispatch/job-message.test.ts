import type { Prisma } from "@edgeseg/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { addDevice, campaign, type Harness, harness, silent } from "../testing/dispatch.ts";
import { buildJobMessage } from "./job-message.ts";

let h: Harness;
beforeEach(async () => {
  h = await harness();
});
afterEach(() => h.dispose());

const ctx = () => ({
  db: h.env.db,
  publish: h.sent.publish,
  log: silent,
  now: () => new Date(h.clock.t),
  ackTimeoutMs: 60_000,
  timeoutGraceMs: 60_000,
  hubId: "hub-test",
  leaseMs: 60_000,
});

describe("buildJobMessage", () => {
  it("reads the stored manifest with the engine's model manifest schema", async () => {
    await addDevice(h, "dev-1", { online: false });
    const [jobId] = await campaign(h, ["dev-1"], { modelIds: ["box-prompt"] });
    const built = await buildJobMessage(ctx(), jobId as string);
    if (!built.ok) throw new Error(built.error);
    expect(built.message.model.artifacts.map((a) => a.role)).toEqual(["manifest", "encoder", "decoder"]);

    // A graph without its inputs still has a role and a sha256, but no agent could load it: the engine's
    // schema refuses the manifest, and the job gets a message that says which field and what to do.
    const model = await h.env.db.prisma.model.findFirstOrThrow({ where: { id: "box-prompt" } });
    const manifest = structuredClone(model.manifest) as { graphs: { encoder: { inputs?: unknown } } };
    delete manifest.graphs.encoder.inputs;
    await h.env.db.prisma.model.update({
      where: { id_version: { id: model.id, version: model.version } },
      data: { manifest: manifest as Prisma.InputJsonObject },
    });
    expect(await buildJobMessage(ctx(), jobId as string)).toEqual({
      ok: false,
      error: `model box-prompt@${model.version}: stored manifest is not a valid model manifest (graphs.encoder.inputs: Invalid input: expected array, received undefined); import the model again`,
    });
  });
});
