"""Reference of edgeseg's semantic-3d-patch pipeline in numpy/scipy, written from nnU-Net v2's source.

    /usr/bin/python3 packages/bench/reference/sliding_window.py <case dir> [--mirroring]

<case dir> holds config.json (dims [nx, ny, nz], spacing [sx, sy, sz], the manifest's slidingWindow and
preprocessing.intensity, the path of the network's weights.json) and image.f32 (real voxel values,
float32, stored order i + nx * (j + ny * k)). Writes logits.f32 (the normalised sliding-window logits on
the padded model grid, [K][z][y][x]), labels.u8 (argmax on the original grid, stored order),
margin.f32 (top logit minus the runner-up on the original grid, to tell ties) and meta.json.

Independent of the TypeScript implementation where it can be: the functions named after nnU-Net's
follow nnunetv2/inference/sliding_window_prediction.py (compute_steps_for_sliding_window,
compute_gaussian with scipy's gaussian_filter), predict_from_raw_data.py
(predict_sliding_window_return_logits, _internal_maybe_mirror_and_predict) and
preprocessing/normalization/default_normalization_schemes.py (CTNormalization); the network is
evaluated by numpy convolutions from weights.json; resampling is scipy.ndimage.map_coordinates of
order 1 at PyTorch's align_corners=False sampling positions (what edgeseg implements instead of
nnU-Net's order-3 spline for data; see docs/benchmarking.md).
"""

import itertools
import json
import os
import sys

import numpy as np
from scipy.ndimage import gaussian_filter, map_coordinates


def compute_steps_for_sliding_window(image_size, tile_size, tile_step_size):
    assert all(i >= j for i, j in zip(image_size, tile_size))
    target_step_sizes_in_voxels = [i * tile_step_size for i in tile_size]
    num_steps = [int(np.ceil((i - k) / j)) + 1 for i, j, k in zip(image_size, target_step_sizes_in_voxels, tile_size)]
    steps = []
    for dim in range(len(tile_size)):
        max_step_value = image_size[dim] - tile_size[dim]
        actual_step_size = max_step_value / (num_steps[dim] - 1) if num_steps[dim] > 1 else 99999999999
        steps.append([int(np.round(actual_step_size * i)) for i in range(num_steps[dim])])
    return steps


def compute_gaussian(tile_size, sigma_scale=1.0 / 8, value_scaling_factor=10):
    tmp = np.zeros(tile_size)
    center_coords = [i // 2 for i in tile_size]
    sigmas = [i * sigma_scale for i in tile_size]
    tmp[tuple(center_coords)] = 1
    g = gaussian_filter(tmp, sigmas, 0, mode="constant", cval=0)
    g = g / (np.max(g) / value_scaling_factor)
    g = g.astype(np.float32)  # nnU-Net: float16; edgeseg keeps float32
    mask = g == 0
    g[mask] = np.min(g[~mask])
    return g


def normalise(image, intensity):
    kind = intensity["kind"]
    if kind == "ct-clip-z-score":  # CTNormalization
        image = np.clip(image, intensity["lower"], intensity["upper"])
        return (image - intensity["mean"]) / max(intensity["std"], 1e-8)
    if kind == "z-score":
        mean = intensity.get("mean", image.mean())
        std = intensity.get("std", image.std())
        return (image - mean) / max(std, 1e-8)
    if kind == "ct-window":
        lo = intensity["level"] - intensity["width"] / 2
        return (np.clip(image, lo, lo + intensity["width"]) - lo) / intensity["width"]
    raise ValueError(f"intensity kind {kind} is not in the reference")


def linear_resample(data, new_shape):
    """Order-1 interpolation at u = max((d + 0.5) * in / out - 0.5, 0), clamped to the last voxel."""
    coords = []
    for n_in, n_out in zip(data.shape, new_shape):
        u = np.maximum((np.arange(n_out) + 0.5) * n_in / n_out - 0.5, 0)
        coords.append(np.minimum(u, n_in - 1))
    grid = np.meshgrid(*coords, indexing="ij")
    return map_coordinates(data, grid, order=1, mode="nearest")


def pad_nd_image(image, new_shape):
    difference = [max(n - s, 0) for n, s in zip(new_shape, image.shape)]
    below = [d // 2 for d in difference]
    pads = [(b, d - b) for b, d in zip(below, difference)]
    return np.pad(image, pads, mode="constant", constant_values=0), below


def network(weights):
    w1 = np.array(weights["conv1.weight"])  # [4, 1, 3, 3, 3]
    b1 = np.array(weights["conv1.bias"])
    w2 = np.array(weights["conv2.weight"])[:, :, 0, 0, 0]  # [3, 4]
    b2 = np.array(weights["conv2.bias"])

    def run(x):  # x: [1, Z, Y, X] float32
        z, y, xx = x.shape[1:]
        p = np.pad(x[0].astype(np.float64), 1)
        h = np.zeros((w1.shape[0], z, y, xx))
        for o in range(w1.shape[0]):
            acc = np.full((z, y, xx), b1[o])
            for dz, dy, dx in itertools.product(range(3), repeat=3):
                acc += w1[o, 0, dz, dy, dx] * p[dz:dz + z, dy:dy + y, dx:dx + xx]
            h[o] = np.maximum(acc, 0)
        out = np.einsum("kc,czyx->kzyx", w2, h) + b2[:, None, None, None]
        return out.astype(np.float32)

    return run


def maybe_mirror_and_predict(net, x, mirroring):
    prediction = net(x)
    if mirroring:
        axes = [1, 2, 3]  # spatial axes of [C, Z, Y, X]
        combos = [c for i in range(len(axes)) for c in itertools.combinations(axes, i + 1)]
        for c in combos:
            prediction += np.flip(net(np.flip(x, c)), c)
        prediction /= len(combos) + 1
    return prediction


def main():
    case = sys.argv[1]
    mirroring = "--mirroring" in sys.argv
    with open(os.path.join(case, "config.json")) as f:
        cfg = json.load(f)
    with open(cfg["weights"]) as f:
        net = network(json.load(f))
    nx, ny, nz = cfg["dims"]
    sx, sy, sz = cfg["spacing"]
    window = cfg["slidingWindow"]
    patch = window["patchSize"]
    image = np.fromfile(os.path.join(case, "image.f32"), dtype=np.float32).reshape(nz, ny, nx).astype(np.float64)

    data = normalise(image, cfg["intensity"])
    old_shape = np.array([nz, ny, nx])
    new_shape = np.round(old_shape * np.array([sz, sy, sx]) / np.array(window["spacing"])).astype(int)
    new_shape = [max(1, int(s)) for s in new_shape]
    data = linear_resample(data, new_shape).astype(np.float32)
    data, below = pad_nd_image(data, [max(s, p) for s, p in zip(new_shape, patch)])

    steps = compute_steps_for_sliding_window(data.shape, patch, window["stepSize"])
    gaussian = compute_gaussian(tuple(patch))
    classes = None
    predicted_logits = n_predictions = None
    for sz_, sy_, sx_ in itertools.product(*steps):
        sl = (slice(sz_, sz_ + patch[0]), slice(sy_, sy_ + patch[1]), slice(sx_, sx_ + patch[2]))
        prediction = maybe_mirror_and_predict(net, data[None][(slice(None), *sl)], mirroring)
        if predicted_logits is None:
            classes = prediction.shape[0]
            predicted_logits = np.zeros((classes, *data.shape), dtype=np.float32)
            n_predictions = np.zeros(data.shape, dtype=np.float32)
        prediction *= gaussian
        predicted_logits[(slice(None), *sl)] += prediction
        n_predictions[sl] += gaussian
    predicted_logits /= n_predictions
    predicted_logits.tofile(os.path.join(case, "logits.f32"))

    crop = tuple(slice(b, b + s) for b, s in zip(below, new_shape))
    cropped = predicted_logits[(slice(None), *crop)].astype(np.float64)
    back = np.stack([linear_resample(c, [nz, ny, nx]) for c in cropped])
    labels = np.argmax(back, axis=0).astype(np.uint8)
    top2 = np.sort(back, axis=0)[-2:]
    labels.tofile(os.path.join(case, "labels.u8"))
    (top2[1] - top2[0]).astype(np.float32).tofile(os.path.join(case, "margin.f32"))
    with open(os.path.join(case, "meta.json"), "w") as f:
        json.dump({"padded": list(data.shape), "shape": new_shape, "below": below, "steps": steps, "classes": classes}, f)


if __name__ == "__main__":
    main()
