import { access } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";

/** ONNX Runtime messages can span lines and carry ANSI colour codes; keep the first line, plainly. */
export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips ANSI colour escapes
  const plain = text.replace(/\u001b\[[0-9;]*m/g, "");
  const line = plain.split("\n").find((l) => l.trim() !== "") ?? plain;
  return line.trim().slice(0, 300);
}

export async function assertModelFileExists(modelPath: string): Promise<void> {
  try {
    await access(modelPath);
  } catch {
    throw new AppError(
      "INPUT",
      `ONNX model file not found: ${modelPath}. Check the path (graph files are resolved relative to their manifest).`,
    );
  }
}

export function modelLoadError(modelPath: string, err: unknown): AppError {
  return new AppError(
    "INPUT",
    `Could not load ONNX model ${modelPath}: ${firstLine(err)}. ` +
      "The file is not a usable ONNX model (truncated or corrupt?): fetch it again and check its sha256.",
    { cause: err },
  );
}
