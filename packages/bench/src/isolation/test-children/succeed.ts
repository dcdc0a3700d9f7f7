import { childMain } from "../child.ts";

/** Sums 1..n, reporting progress after each step; returns typed arrays to show structured clone works. */
childMain(async (input: { n: number }, report) => {
  let sum = 0;
  for (let i = 1; i <= input.n; i++) {
    sum += i;
    report({ type: "progress", done: i, total: input.n });
  }
  return { sum, pid: process.pid, squares: Float32Array.from({ length: input.n }, (_, i) => (i + 1) ** 2) };
});
