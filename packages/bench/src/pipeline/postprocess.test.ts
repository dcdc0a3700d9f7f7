import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { argmaxClasses, labelLookup } from "./postprocess.ts";
import { createResampler } from "./resample.ts";

describe("argmaxClasses", () => {
  it("picks the largest logit per pixel, ties to the lower class", () => {
    // 3 classes on a 2×2 image; planes [K][h][w], item 1 of a batch starts at 12.
    const item = [
      [0, 5, 1, 2], // class 0
      [1, 5, 1, 9], // class 1
      [2, 4, 1, 9], // class 2
    ].flat();
    const logits = Float32Array.from([...new Array(12).fill(99), ...item]);
    const out = new Uint8Array(4);
    argmaxClasses(logits, 12, 3, 2, 2, out);
    expect([...out]).toEqual([2, 0, 0, 1]);
  });

  it("agrees with numpy.argmax's per-pixel walk on random logits with ties, reusing a scratch buffer", () => {
    const [k, h, w] = [9, 16, 12];
    const plane = h * w;
    let x = 7;
    // Values from a small set, so ties between classes are common.
    const logits = Float32Array.from({ length: k * plane }, () => {
      x = (x * 1103515245 + 12345) >>> 0;
      return (x >>> 24) % 5;
    });
    const naive = Array.from({ length: plane }, (_, p) => {
      let best = 0;
      for (let c = 1; c < k; c++) if (logits[c * plane + p]! > logits[best * plane + p]!) best = c;
      return best;
    });
    const out = new Uint8Array(plane).fill(255);
    const scratch = new Float32Array(plane);
    argmaxClasses(logits, 0, k, h, w, out, scratch);
    expect([...out]).toEqual(naive);
    argmaxClasses(logits, 0, k, h, w, out, scratch);
    expect([...out]).toEqual(naive);
  });
});

describe("labelLookup", () => {
  it("maps model labels to dataset labels, everything else to background", () => {
    const lut = labelLookup(
      new Map([
        [1, 6],
        [2, 1],
      ]),
    );
    expect([lut[0], lut[1], lut[2], lut[3]]).toEqual([0, 6, 1, 0]);
  });

  it("refuses labels outside a byte", () => {
    expect(() => labelLookup(new Map([[1, 300]]))).toThrow(AppError);
    expect(() => labelLookup(new Map([[1.5, 1]]))).toThrow(/model label 1.5/);
  });
});

describe("model resolution → native round trip", () => {
  it("argmax at 4×2, nearest back to a 6×3 slice, remapped", () => {
    // Two classes on 4 columns × 2 rows: class 1 in the right half of the top row only.
    const logits = Float32Array.from([
      ...[1, 1, 0, 0, 1, 1, 1, 1], // class 0
      ...[0, 0, 1, 1, 0, 0, 0, 0], // class 1
    ]);
    const classes = new Uint8Array(8);
    argmaxClasses(logits, 0, 2, 2, 4, classes);
    const out = new Uint8Array(18);
    createResampler(4, 2, 6, 3).nearest(classes, 0, out, 0, labelLookup(new Map([[1, 7]])));
    // columns: floor((d + 0.5) * 4 / 6) = [0, 1, 1, 2, 3, 3]; rows: floor((d + 0.5) * 2 / 3) = [0, 1, 1]
    expect([...out]).toEqual([0, 0, 0, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
