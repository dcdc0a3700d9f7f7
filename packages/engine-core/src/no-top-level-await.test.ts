import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The agent's release bundle (scripts/build-agent.ts) wraps each module in a lazy initialiser. A module
// with a top-level await becomes asynchronous there, and so does every module that re-exports it: an
// importer of @edgeseg/bench could then run before bench's own modules were initialised (edgeseg-agent
// bench once read `defaultScenario` as undefined that way). This package is re-exported by the engine's
// root, so none of its modules may await at top level.

const src = import.meta.dirname;

function modules(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return modules(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** Line numbers of `await` (and `for await`) outside any function. */
function topLevelAwaits(file: string, code = readFileSync(file, "utf8")): number[] {
  const source = ts.createSourceFile(file, code, ts.ScriptTarget.Latest, true);
  const lines: number[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) || ts.isClassStaticBlockDeclaration(node)) return;
    const awaits = ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier);
    if (awaits) lines.push(source.getLineAndCharacterOfPosition(node.getStart()).line + 1);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return lines;
}

describe("engine-core modules", () => {
  it("have no top-level await", () => {
    const files = modules(src);
    expect(files.length).toBeGreaterThan(30);
    const found = files.flatMap((f) => topLevelAwaits(f).map((line) => `${relative(src, f)}:${line}`));
    expect(found).toEqual([]);
  });

  it("the check finds them, and only outside functions", () => {
    const code = [
      "const x = await Promise.resolve(1);",
      "async function f() { await x; }",
      "if (x) { for await (const y of [x]) console.log(y); }",
      "const g = async () => { await f(); };",
    ].join("\n");
    expect(topLevelAwaits("probe.ts", code)).toEqual([1, 3]);
  });
});
