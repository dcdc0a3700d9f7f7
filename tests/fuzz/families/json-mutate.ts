import type { Rng } from "../rng.ts";

/** JSON values that break validators: wrong types, extremes, deep nesting, huge strings, prototype keys. */
export function weirdValue(rng: Rng): unknown {
  switch (rng.int(0, 11)) {
    case 0:
      return rng.nasty();
    case 1:
      return rng.pick([
        "",
        " ",
        "NaN",
        "Infinity",
        "-Infinity",
        "1e999",
        "null",
        "true",
        "0x10",
        "../../etc/passwd",
      ]);
    case 2:
      return "x".repeat(rng.int(1, 200_000));
    case 3:
      return String.fromCharCode(...Array.from({ length: rng.int(1, 40) }, () => rng.int(0, 0xffff)));
    case 4:
      return null;
    case 5:
      return rng.chance(0.5);
    case 6:
      return [];
    case 7:
      return {};
    case 8:
      return nested(rng.int(10, 1000)); // deeper nesting is sent as text (mutateText)
    case 9:
      return Array.from({ length: rng.int(1, 20_000) }, () => rng.int(-5, 5));
    case 10:
      return JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    default:
      return rng.int(-1000, 1000);
  }
}

function nested(depth: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v };
  return v;
}

type Path = (string | number)[];

/** Every path to a value inside `value`, objects and arrays included (not deeper than 8 levels). */
export function paths(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (prefix.length > 8) return out;
  if (Array.isArray(value)) {
    for (const [i, v] of value.slice(0, 20).entries()) {
      out.push([...prefix, i]);
      paths(v, [...prefix, i], out);
    }
  } else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      paths(v, [...prefix, k], out);
    }
  }
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | undefined {
  let node = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = node?.[key];
    if (!next || typeof next !== "object") return undefined;
    node = next as Record<string | number, unknown>;
  }
  return node;
}

/** 1–3 structural edits to a copy of `doc` (set, delete, add a key); returns the copy and what was done. */
export function mutateJson(
  rng: Rng,
  doc: unknown,
  overrides: [Path, () => unknown][] = [],
): { value: unknown; what: string } {
  const value = structuredClone(doc);
  const done: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const all = paths(value);
    if (overrides.length > 0 && rng.chance(0.35)) {
      const [path, make] = rng.pick(overrides);
      const parent = parentOf(value, path);
      if (parent) {
        const v = make();
        parent[path.at(-1)!] = v;
        done.push(`${path.join(".")}=${JSON.stringify(v)?.slice(0, 60)}`);
        continue;
      }
    }
    if (all.length === 0) break;
    const path = rng.pick(all);
    const parent = parentOf(value, path);
    if (!parent) continue;
    const key = path.at(-1)!;
    const op = rng.int(0, 2);
    if (op === 0) {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      done.push(`deleted ${path.join(".")}`);
    } else if (op === 1) {
      const v = weirdValue(rng);
      parent[key] = v;
      done.push(`${path.join(".")}=${JSON.stringify(v)?.slice(0, 60)}`);
    } else {
      const name = rng.pick([
        "extra",
        "__proto__",
        "constructor",
        "maxBatch",
        "toString",
        "",
        "x".repeat(300),
      ]);
      if (!Array.isArray(parent)) parent[name] = weirdValue(rng);
      done.push(`added ${name.slice(0, 20)} next to ${path.join(".")}`);
    }
  }
  return { value, what: done.join("; ") };
}

/** Text-level damage to a JSON document: cut, flipped bytes, BOM, non-UTF-8, nesting beyond any limit. */
export function mutateText(rng: Rng, text: string): { bytes: Buffer; what: string } {
  const bytes = Buffer.from(text);
  switch (rng.int(0, 6)) {
    case 0: {
      const at = rng.int(0, bytes.length);
      return { bytes: bytes.subarray(0, at), what: `cut at ${at}` };
    }
    case 1: {
      for (let i = rng.int(1, 8); i > 0; i--) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
      return { bytes, what: "flipped bytes" };
    }
    case 2:
      return { bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]), what: "UTF-8 BOM" };
    case 3: {
      const depth = rng.int(1000, 200_000);
      return { bytes: Buffer.from("[".repeat(depth) + "]".repeat(depth)), what: `${depth} nested arrays` };
    }
    case 4:
      return {
        bytes: Buffer.from(rng.pick(["", " ", "null", "[]", "0", '"x"', "1e999", "{}", "{".repeat(10)])),
        what: "a bare value",
      };
    case 5:
      return {
        bytes: Buffer.from(text.replace(/"[a-z]+":/, (k) => `${k}1, ${k}`)),
        what: "a duplicated key",
      };
    default:
      return { bytes: rng.bytes(rng.int(1, 5000)), what: "random bytes" };
  }
}
