// Test helpers other workspaces import as @edgeseg/bench/testing: NIfTI fixtures and hostile gzip
// streams, reference metric inputs, fixture models and sessions for the pipelines.
export * from "./metrics.ts";
export * from "./nifti-fixtures.ts";
export * from "./pipeline.ts";
export * from "./zero-gzip.ts";
