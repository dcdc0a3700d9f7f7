import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

// The dashboard takes what it needs from the engine through @edgeseg/engine-core, by name. Reaching
// into packages/bench (or any package's src/) by relative path, or importing @edgeseg/bench or
// @edgeseg/suites, brings the benchmark engine into the Next bundle — its dataset readers and process
// isolation — which once took shims and next.config aliases to keep out. These checks read the source.

const dashboard = resolve(import.meta.dirname, "..");
const repo = resolve(dashboard, "../..");
const SKIP_DIRS = new Set(["node_modules", ".next", ".turbo"]);
const SOURCE = /\.(ts|tsx|mts)$/;

/** Test code may use the whole engine (vitest runs it, Next never bundles it). */
function isTestCode(path: string): boolean {
  return /\.test\.tsx?$|\.test-helpers?\.ts$/.test(path) || path.split(sep).includes("testing");
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIP_DIRS.has(entry.name) ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) && !entry.name.endsWith(".d.ts") && !isTestCode(path) ? [path] : [];
  });
}

/** Every module specifier of a file: static and dynamic imports, re-exports. */
function specifiers(code: string): string[] {
  const found: string[] = [];
  const patterns = [/\bfrom\s*["']([^"']+)["']/g, /\bimport\s*\(?\s*["']([^"']+)["']/g];
  for (const pattern of patterns) for (const m of code.matchAll(pattern)) found.push(m[1]!);
  return found;
}

/** The workspace packages by name, with their folder and `exports` map. */
function workspacePackages(): Map<string, { dir: string; exports: Record<string, string> }> {
  const packages = new Map<string, { dir: string; exports: Record<string, string> }>();
  for (const group of ["packages", "apps"]) {
    for (const name of readdirSync(join(repo, group))) {
      const manifest = join(repo, group, name, "package.json");
      if (!existsSync(manifest)) continue;
      const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
        name: string;
        exports?: Record<string, string>;
      };
      packages.set(pkg.name, { dir: join(repo, group, name), exports: pkg.exports ?? {} });
    }
  }
  return packages;
}

function resolveFile(base: string): string | null {
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, "index.ts"),
    join(base, "index.tsx"),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const packages = workspacePackages();

/** The file a specifier names, or null for node builtins and third-party packages (not followed). */
function resolveSpecifier(from: string, spec: string): string | null {
  if (spec.startsWith(".")) return resolveFile(resolve(dirname(from), spec));
  if (spec.startsWith("@/")) return resolveFile(join(dashboard, spec.slice(2)));
  const m = /^(@edgeseg\/[^/]+)(\/.*)?$/.exec(spec);
  const pkg = m ? packages.get(m[1]!) : undefined;
  if (!m || !pkg) return null;
  const target = pkg.exports[`.${m[2] ?? ""}`];
  if (!target) throw new Error(`${relative(repo, from)} imports ${spec}, which ${m[1]} does not export`);
  return resolve(pkg.dir, target);
}

describe("the dashboard's imports of engine code", () => {
  const files = sourceFiles(dashboard);

  it("finds the dashboard's source (the scan is not vacuous)", () => {
    expect(files.map((f) => relative(dashboard, f))).toEqual(
      expect.arrayContaining(["next.config.ts", join("lib", "ranking", "models", "check-graphs.ts")]),
    );
  });

  it("never reaches into another package by relative path, nor imports @edgeseg/bench or @edgeseg/suites", () => {
    const offending: string[] = [];
    for (const file of files) {
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        const outside = spec.startsWith(".") && !resolve(dirname(file), spec).startsWith(dashboard + sep);
        if (outside || /^@edgeseg\/(bench|suites)(\/|$)/.test(spec)) {
          offending.push(`${relative(repo, file)}: ${spec}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });

  it("next.config.ts aliases no module", () => {
    expect(readFileSync(join(dashboard, "next.config.ts"), "utf8")).not.toMatch(/resolveAlias|alias\s*:/);
  });

  it("reaches no file of packages/bench or packages/suites, following imports through every @edgeseg package", () => {
    const seen = new Set<string>();
    const reachedFrom = new Map<string, string>();
    const queue = [...files];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      for (const spec of specifiers(readFileSync(file, "utf8"))) {
        const next = resolveSpecifier(file, spec);
        if (next && !seen.has(next)) {
          if (!reachedFrom.has(next)) reachedFrom.set(next, file);
          queue.push(next);
        }
      }
    }
    const engineCore = join(repo, "packages", "engine-core", "src", "index.ts");
    expect(seen.has(engineCore)).toBe(true);
    const forbidden = [join(repo, "packages", "bench") + sep, join(repo, "packages", "suites") + sep];
    const reached = [...seen]
      .filter((f) => forbidden.some((dir) => f.startsWith(dir)))
      .map((f) => `${relative(repo, f)} (imported by ${relative(repo, reachedFrom.get(f)!)})`);
    expect(reached).toEqual([]);
  });
});
