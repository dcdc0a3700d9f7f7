// biome-ignore-all lint/suspicious/noExplicitAny: the tests poke arbitrary fields into result documents
import { describe, expect, it } from "vitest";
import { exampleResultDocument } from "./mqtt/examples/result-document.ts";
import { resultDocumentSchema } from "./result.ts";

const clone = () => structuredClone(exampleResultDocument) as unknown as Record<string, any>;

/** Constraint 4, localization of user data: a result document carries numbers, never pixels. */
describe("result document data locality", () => {
  it("accepts the example document", () => {
    expect(resultDocumentSchema.safeParse(exampleResultDocument).success).toBe(true);
  });

  it.each([
    ["at the top level", (d: Record<string, any>) => (d.image = [0, 1, 2])],
    ["inside accuracy", (d: Record<string, any>) => (d.accuracy.prediction = "AAECAw==")],
    ["inside a case", (d: Record<string, any>) => (d.accuracy.cases[0].mask = [1, 0, 1])],
    [
      "inside an organ",
      (d: Record<string, any>) => ((Object.values(d.accuracy.cases[0].organs)[0] as any).voxels = [1]),
    ],
    ["inside the device", (d: Record<string, any>) => (d.device.thumbnail = "data:image/png;base64,AAAA")],
  ])("refuses an extra field %s", (_where, attach) => {
    const doc = clone();
    attach(doc);
    expect(resultDocumentSchema.safeParse(doc).success).toBe(false);
  });

  it("refuses image data smuggled into a free-text field", () => {
    const doc = clone();
    doc.failure = { reason: "error", message: "x".repeat(512 * 512), exitCode: 1, signal: null };
    expect(resultDocumentSchema.safeParse(doc).success).toBe(false);
  });

  it("refuses an unbounded number of cases", () => {
    const doc = clone();
    const c = doc.accuracy.cases[0];
    doc.accuracy.cases = Array.from({ length: 5001 }, (_, n) => ({ ...c, caseId: `c${n}` }));
    expect(resultDocumentSchema.safeParse(doc).success).toBe(false);
  });

  it("holds no array longer than the case list and no string longer than 2000 characters", () => {
    const walk = (v: unknown, visit: (x: unknown) => void): void => {
      visit(v);
      if (Array.isArray(v)) for (const x of v) walk(x, visit);
      else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x, visit);
    };
    walk(exampleResultDocument, (x) => {
      if (typeof x === "string") expect(x.length).toBeLessThanOrEqual(2000);
      if (Array.isArray(x)) expect(x.length).toBeLessThanOrEqual(5000);
    });
  });
});
