import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/**
 * What the hub stores in `Suite.definition`: the suite file as loaded, plus the two things the
 * dispatcher puts into every job of the suite — the dataset reference (id = the dataset generator,
 * which is also the `name` in the generated dataset.json and so the id results report) and the
 * models it pins. Parsed again on read, so a hand-edited row fails one job instead of the hub.
 */
export const suiteDefinitionSchema = z.object({
  format: z.literal(1),
  dataset: z.object({ id: z.string().min(1).max(200), sha256 }).strict(),
  models: z.array(
    z.object({ id: z.string().min(1), version: z.string().min(1), manifestSha256: sha256 }).strict(),
  ),
  suite: z.record(z.string(), z.unknown()),
});

export type SuiteDefinition = z.infer<typeof suiteDefinitionSchema>;
