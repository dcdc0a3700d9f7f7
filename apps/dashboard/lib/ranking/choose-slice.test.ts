import { describe, expect, it } from "vitest";
import { chooseSlice } from "./choose-slice.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);
const slices = [
  { suiteSha256: A, deviceClassId: "jetson-nano" },
  { suiteSha256: A, deviceClassId: "raspberry-pi-4" },
  { suiteSha256: B, deviceClassId: "raspberry-pi-4" },
];
const counted = [
  { suiteSha256: A, deviceClassId: "raspberry-pi-4", results: 90 },
  { suiteSha256: B, deviceClassId: "raspberry-pi-4", results: 40 },
  { suiteSha256: A, deviceClassId: "jetson-nano", results: 10 },
];

describe("chooseSlice", () => {
  it("shows the slice with the most results by default", () => {
    expect(chooseSlice(slices, counted, {})).toEqual({ suiteSha256: A, deviceClassId: "raspberry-pi-4" });
  });

  it("picks the busiest slice matching the one thing named", () => {
    expect(chooseSlice(slices, counted, { suite: B })).toEqual({
      suiteSha256: B,
      deviceClassId: "raspberry-pi-4",
    });
    expect(chooseSlice(slices, counted, { class: "jetson-nano" })).toEqual({
      suiteSha256: A,
      deviceClassId: "jetson-nano",
    });
  });

  it("shows exactly what both parameters name, results or not", () => {
    expect(chooseSlice(slices, null, { suite: B, class: "jetson-nano" })).toEqual({
      suiteSha256: B,
      deviceClassId: "jetson-nano",
    });
  });

  it("falls back to the current slices when the cached counts do not know one yet", () => {
    expect(chooseSlice(slices, [], {})).toEqual(slices[0]);
    expect(chooseSlice(slices, counted.slice(0, 1), { suite: B })).toEqual(slices[2]);
    expect(chooseSlice([], [], {})).toBeNull();
  });
});
