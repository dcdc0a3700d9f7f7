import type { ParsedHeader } from "./header.ts";
import type { NiftiReadOptions } from "./limits.ts";
import { readNifti } from "./read.ts";
import type { NiftiVolume } from "./types.ts";
import { needsSwap, swapVoxels, toVolume } from "./volume.ts";

/**
 * A NIfTI volume whose voxels are still arriving: `volume` exists as soon as the header is read (its
 * data array is allocated whole and fills from slice 0 upwards), `ready(n)` resolves once slices
 * 0..n-1 hold their voxels, and `done` once the whole file is read and checked (gzip CRC, length,
 * nothing trailing). A consumer may start on the first slices while the rest is still inflating.
 */
export interface StreamedNifti {
  readonly volume: NiftiVolume;
  ready(slices: number): Promise<void>;
  readonly done: Promise<NiftiVolume>;
}

/**
 * Opens a .nii or .nii.gz for streaming: the same checks as readNifti (which it runs), refused in the
 * same words; an error after the header (a corrupt gzip stream, trailing data) rejects `done` and
 * every `ready` still waiting. Big-endian voxels are swapped range by range as they land.
 */
export function openNiftiStream(path: string, options: NiftiReadOptions = {}): Promise<StreamedNifti> {
  return new Promise((resolve, reject) => {
    let volume: NiftiVolume | null = null;
    let sliceBytes = 1;
    let width = 1;
    let swap = false;
    let bytes: Uint8Array | null = null;
    let filled = 0;
    let swapped = 0;
    let failure: unknown = null;
    const waiters: { slices: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
    const settle = () => {
      const slices = Math.floor(filled / sliceBytes);
      const due = failure !== null ? waiters.splice(0) : waiters.filter((w) => w.slices <= slices);
      if (failure === null) waiters.splice(0, waiters.length, ...waiters.filter((w) => w.slices > slices));
      // Fewest slices first: a consumer waiting for slice 1 hears before one waiting for slice 5.
      for (const w of due.sort((a, b) => a.slices - b.slices)) {
        if (failure !== null) w.reject(failure);
        else w.resolve();
      }
    };
    const done = readNifti(path, options, {
      allocated(header: ParsedHeader, data: Uint8Array) {
        const [nx, ny] = header.dims;
        width = header.bytesPerVoxel;
        sliceBytes = Math.max(1, nx * ny * width);
        swap = needsSwap(header);
        bytes = data;
        volume = toVolume(header, data.buffer as ArrayBuffer, false);
        resolve({
          volume,
          ready(slices) {
            if (failure !== null) return Promise.reject(failure);
            if (slices <= Math.floor(filled / sliceBytes)) return Promise.resolve();
            return new Promise((res, rej) => waiters.push({ slices, resolve: res, reject: rej }));
          },
          done,
        });
      },
      filled(n: number) {
        if (swap && bytes) {
          const whole = n - (n % width);
          if (whole > swapped) swapVoxels(bytes.subarray(swapped, whole), width);
          swapped = Math.max(swapped, whole);
        }
        filled = n;
        settle();
      },
    }).then(
      (v) => {
        filled = Number.POSITIVE_INFINITY;
        settle();
        return v;
      },
      (e) => {
        failure = e;
        settle();
        if (volume === null) reject(e);
        throw e;
      },
    );
    // A failure before the header rejects the opening itself; `done` is awaited by whoever opened it.
    done.catch(() => {});
  });
}
