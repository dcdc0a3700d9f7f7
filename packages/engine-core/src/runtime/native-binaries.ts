import { existsSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** Where onnxruntime-node is installed, or null when it is not (an install may omit it on 32-bit ARM). */
export function nativePackageDir(): string | null {
  try {
    return path.dirname(createRequire(import.meta.url).resolve("onnxruntime-node/package.json"));
  } catch {
    return null;
  }
}

/**
 * The "platform/arch" pairs for which the installed onnxruntime-node ships a binding, read from its
 * `bin/napi-v*\/<platform>/<arch>/onnxruntime_binding.node` layout (1.30: linux x64/arm64,
 * darwin arm64, win32 x64/arm64).
 */
export function nativeBinaryTargets(packageDir: string | null = nativePackageDir()): string[] {
  if (!packageDir) return [];
  const bin = path.join(packageDir, "bin");
  if (!existsSync(bin)) return [];
  const targets = new Set<string>();
  for (const napi of readdirSync(bin).filter((d) => d.startsWith("napi-v"))) {
    for (const platform of readdirSync(path.join(bin, napi))) {
      for (const arch of readdirSync(path.join(bin, napi, platform))) {
        if (existsSync(path.join(bin, napi, platform, arch, "onnxruntime_binding.node"))) {
          targets.add(`${platform}/${arch}`);
        }
      }
    }
  }
  return [...targets].sort();
}
