/** Keeps the last `maxChars` characters written to it: a child's stderr, bounded however much it prints. */
export class TailBuffer {
  private text = "";
  constructor(private readonly maxChars = 16_384) {}

  write(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.maxChars);
  }

  /** The last `n` non-empty lines. */
  lastLines(n: number): string {
    return this.text
      .split("\n")
      .filter((l) => l.trim() !== "")
      .slice(-n)
      .join("\n");
  }

  toString(): string {
    return this.text;
  }
}
