import { childMain } from "../child.ts";

/** Holds ever more touched memory (16 MB every 10 ms) until the parent's memory limit kills it. */
childMain(async () => {
  const held: Buffer[] = [];
  for (let i = 0; i < 256; i++) {
    held.push(Buffer.alloc(16 * 1024 * 1024).fill(i));
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 60_000));
  return held.length;
});
