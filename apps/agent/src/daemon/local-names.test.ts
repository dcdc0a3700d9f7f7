import { resolve } from "node:path";
import { exampleMessages, resultDocumentSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { hideLocalDataset, hideLocalPaths } from "./local-names.ts";

describe("local dataset names stay on the device", () => {
  it("replaces every configured dataset path, as configured and resolved, in every string of a message", () => {
    const datasets = { "clinic-ct": "scans/smith-2026", other: "/srv/scans/smith-2026/sub" };
    const message = {
      code: "INTEGRITY",
      message: `dataset "clinic-ct" at ${resolve("scans/smith-2026")} has sha256 …; also /srv/scans/smith-2026/sub/x.nii.gz`,
      nested: [{ reason: "scans/smith-2026 does not exist" }, 42, null],
    };
    expect(hideLocalPaths(message, datasets)).toEqual({
      code: "INTEGRITY",
      message: `dataset "clinic-ct" at <dataset clinic-ct> has sha256 …; also <dataset other>/x.nii.gz`,
      nested: [{ reason: "<dataset clinic-ct> does not exist" }, 42, null],
    });
    expect(hideLocalPaths(message, {})).toBe(message);
  });

  it("gives a local dataset's result the job's dataset id and case pseudonyms by rank in the dataset", () => {
    const doc = structuredClone(exampleMessages.results.result);
    doc.dataset.id = "Smith J scans";
    doc.validity.reasons = ["case case_001 of Smith J scans took longest"];
    const hidden = hideLocalDataset(doc, {
      jobDatasetId: "clinic-ct",
      caseIds: ["case_000", "case_0005", "case_001"],
    });
    expect(hidden.dataset.id).toBe("clinic-ct");
    expect(hidden.accuracy?.cases.map((c) => c.caseId)).toEqual(["case-0001", "case-0003"]);
    expect(hidden.validity.reasons).toEqual(["case case-0003 of clinic-ct took longest"]);
    // Everything else is the document as it was, and still valid.
    expect({ ...hidden, dataset: doc.dataset, accuracy: doc.accuracy, validity: doc.validity }).toEqual(doc);
    expect(resultDocumentSchema.safeParse(hidden).success).toBe(true);
  });
});
