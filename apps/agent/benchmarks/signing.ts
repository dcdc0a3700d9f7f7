/**
 * What signing costs per result: RFC 8785 canonicalisation, Ed25519 signing on the agent and
 * verification on the hub, each as a median over N rounds on a real standard-v1 result document
 * (unet2d-small on the suite's phantom data with the suite's pinned settings, run here first), or on a
 * document given with --result (e.g. one written by `edgeseg-agent bench --suite standard-v1 --json`).
 *
 *   npm run bench:signing -- [--n 2000] [--result doc.json] [--json]
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { runBenchmark } from "@edgeseg/bench";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import {
  canonicalJson,
  generateSigningKeyPair,
  privateKeyObject,
  signResult,
  verifyResultSignature,
} from "@edgeseg/protocol/crypto";
import { suiteScenario } from "@edgeseg/suites";
import { prepareSuite } from "../src/suite/prepare.ts";
import { AGENT_VERSION } from "../src/version.ts";

const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    result: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const n = Number(values.n);
if (!Number.isInteger(n) || n < 10)
  throw new Error(`--n must be a whole number of at least 10 (got ${values.n})`);
const log = (line: string) => values.json || console.log(line);

async function standardDocument(): Promise<{ doc: ResultDocument; source: string }> {
  if (values.result) {
    const raw = JSON.parse(await readFile(values.result, "utf8"));
    const doc = resultDocumentSchema.parse(Array.isArray(raw) ? raw[0] : raw);
    return { doc, source: values.result };
  }
  const dir = await mkdtemp(join(tmpdir(), "edgeseg-bench-signing-"));
  try {
    log("running unet2d-small on standard-v1 for a real result document ...");
    const prepared = await prepareSuite("standard-v1", join(dir, "cache"));
    const { suite, sha256 } = prepared.loaded;
    const model = prepared.models.find((m) => m.id === "unet2d-small") ?? prepared.models[0]!;
    const doc = await runBenchmark({
      manifestPath: model.manifestPath,
      datasetDir: prepared.datasetDir,
      datasetSha256: prepared.datasetSha256,
      suite: { id: suite.id, version: suite.version, sha256 },
      scenario: { ...suiteScenario(suite), maxCases: null },
      agentVersion: AGENT_VERSION,
    });
    return { doc, source: `standard-v1 ${model.id}, run here` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Median and p90 of `n` timed calls in microseconds, after n/10 untimed warm-up calls. */
function time(fn: () => unknown): { medianUs: number; p90Us: number } {
  for (let i = 0; i < Math.ceil(n / 10); i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    samples.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  samples.sort((a, b) => a - b);
  return { medianUs: samples[Math.floor(n / 2)]!, p90Us: samples[Math.floor(n * 0.9)]! };
}

const { doc, source } = await standardDocument();
const deviceId = "bench-device-01";
const keys = generateSigningKeyPair();
const keyObject = privateKeyObject(keys.privateKeyPem);
const signature = signResult(deviceId, doc, keyObject);
if (!verifyResultSignature(deviceId, doc, signature, keys.publicKey).ok) throw new Error("self-check failed");
// What the hub verifies: the document as parsed from the wire, not the agent's object.
const received = resultDocumentSchema.parse(JSON.parse(JSON.stringify(doc)));

const figures = {
  source,
  cases: doc.accuracy?.cases.length ?? 0,
  organs: Object.keys(doc.accuracy?.organs ?? {}).length,
  documentBytes: Buffer.byteLength(JSON.stringify(doc)),
  canonicalBytes: Buffer.byteLength(canonicalJson(doc)),
  n,
  canonicalize: time(() => canonicalJson(doc)),
  sign: time(() => signResult(deviceId, doc, keyObject)),
  signFromPem: time(() => signResult(deviceId, doc, keys.privateKeyPem)),
  verify: time(() => verifyResultSignature(deviceId, received, signature, keys.publicKey)),
  node: process.version,
};
const us = (t: { medianUs: number; p90Us: number }) =>
  `median ${t.medianUs.toFixed(1)} µs, p90 ${t.p90Us.toFixed(1)} µs`;
log(
  `document: ${source}; ${figures.cases} cases, ${figures.organs} organs, ${figures.documentBytes} bytes (canonical ${figures.canonicalBytes})`,
);
log(`canonical JSON (RFC 8785): ${us(figures.canonicalize)}`);
log(`sign (agent, key parsed once): ${us(figures.sign)}`);
log(`sign (PEM parsed every time): ${us(figures.signFromPem)}`);
log(`verify (hub, canonical JSON + Ed25519): ${us(figures.verify)}`);
log(`N = ${n} per figure, Node ${process.version}`);
if (values.json) console.log(JSON.stringify(figures));
process.exit(0);
