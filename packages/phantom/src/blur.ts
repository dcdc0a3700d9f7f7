/**
 * Partial-volume blurring: the binomial kernel [1, 2, 1]/4 along each axis in turn (a separable
 * approximation of a Gaussian with σ = 1/√2 voxel), edges clamped. Along k it stands in for the slice
 * sensitivity profile, so structures thinner than a slice lose contrast as they do in real CT.
 */
export function blur121(data: Float32Array, dims: readonly [number, number, number]): void {
  const [nx, ny, nz] = dims;
  blurAxis(data, nx, 1, ny * nz, (line) => line * nx);
  blurAxis(data, ny, nx, nx * nz, (line) => (line % nx) + Math.floor(line / nx) * nx * ny);
  if (nz > 1) blurAxis(data, nz, nx * ny, nx * ny, (line) => line);
}

/** Blurs `lines` lines of length n whose elements are `stride` apart, starting at start(line). */
function blurAxis(
  data: Float32Array,
  n: number,
  stride: number,
  lines: number,
  start: (line: number) => number,
): void {
  const buf = new Float64Array(n);
  for (let line = 0; line < lines; line++) {
    const s = start(line);
    for (let t = 0; t < n; t++) buf[t] = data[s + t * stride]!;
    for (let t = 0; t < n; t++) {
      const prev = buf[t > 0 ? t - 1 : 0]!;
      const next = buf[t < n - 1 ? t + 1 : n - 1]!;
      data[s + t * stride] = (prev + 2 * buf[t]! + next) * 0.25;
    }
  }
}
