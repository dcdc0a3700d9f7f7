"""Loads a phantom-abdomen-v1 split and applies exactly the engine's slice preprocessing.

Layouts. nibabel returns a volume indexed [i, j, k] (the NIfTI stored order, i fastest on disk). The
engine takes slice k as a row-major [ny][nx] plane (row j, column i): an image with H = ny, W = nx.
So slice k here is vol[:, :, k].T. Preprocessing, in the engine's order (packages/bench/src/pipeline):
CT window clip at native resolution -> (x - lo) / width -> bilinear resize to [H, W] with PyTorch's
F.interpolate(align_corners=False, antialias=False) -> x * scale + offset -> replicate to C channels.
Label targets are resized with "nearest-exact" (the engine's nearest convention, pipeline/axis.ts).
"""
import json
import os

import nibabel as nib
import numpy as np
import torch
import torch.nn.functional as F

WINDOW_LEVEL = 40.0
WINDOW_WIDTH = 400.0
NUM_CLASSES = 9


def read_split(root):
    """[(case_id, image [nz, ny, nx] float32 HU, label [nz, ny, nx] uint8, spacing (sx, sy, sz))]."""
    with open(os.path.join(root, "dataset.json")) as f:
        meta = json.load(f)
    entries = meta["training"] or meta["test"]
    cases = []
    for entry in entries:
        img = nib.load(os.path.join(root, entry["image"]))
        lab = nib.load(os.path.join(root, entry["label"]))
        image = np.asarray(img.dataobj, dtype=np.float32).transpose(2, 1, 0).copy()
        label = np.asarray(lab.dataobj, dtype=np.uint8).transpose(2, 1, 0).copy()
        case_id = os.path.basename(entry["label"]).replace(".nii.gz", "")
        cases.append((case_id, image, label, tuple(float(s) for s in img.header.get_zooms()[:3])))
    return cases


def window(slices):
    """CT window (level 40, width 400 HU) to [0, 1], at native resolution. slices: [N, ny, nx] tensor."""
    lo = WINDOW_LEVEL - WINDOW_WIDTH / 2
    return (slices.clamp(lo, lo + WINDOW_WIDTH) - lo) / WINDOW_WIDTH


def resize_images(x, size):
    """[N, ny, nx] -> [N, 1, H, W], bilinear, align_corners=False, no antialias."""
    return F.interpolate(x[:, None], size=size, mode="bilinear", align_corners=False)


def resize_labels(y, size):
    """[N, ny, nx] uint8 -> [N, H, W] int64 with nearest-exact (pixel-centre) sampling."""
    out = F.interpolate(y[:, None].float(), size=size, mode="nearest-exact")
    return out[:, 0].long()


def slices_of(cases, size):
    """All axial slices of the cases, preprocessed to [N, 1, H, W] in [0, 1], labels [N, H, W]."""
    xs, ys = [], []
    for _, image, label, _ in cases:
        x = window(torch.from_numpy(image))
        xs.append(resize_images(x, size))
        ys.append(resize_labels(torch.from_numpy(label), size))
    return torch.cat(xs), torch.cat(ys)
