import { childMain } from "../child.ts";

/** Fills the JavaScript heap until V8 gives up; run with a small --max-old-space-size. */
childMain(async () => {
  const held: number[][] = [];
  for (;;) held.push(Array.from({ length: 100_000 }, (_, i) => i + held.length));
});
