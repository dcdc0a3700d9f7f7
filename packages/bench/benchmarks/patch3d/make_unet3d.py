"""A random-weight 3D U-Net of nnU-Net 3d_fullres shape, exported for `npm run bench:3d`.

    /usr/bin/python3 packages/bench/benchmarks/patch3d/make_unet3d.py <out dir> [patch side] [first-stage width]

Four resolution stages (width, 2, 4 and 8 times it — 32, 64, 128, 256 features by default; two 3x3x3 conv + InstanceNorm + LeakyReLU per
stage, strided-conv downsampling, transposed-conv upsampling, skip concatenation), as
nnunetv2's PlainConvUNet builds it from the plans, with fewer stages than a 3d_fullres abdominal-CT plan
(which has 6 at patch 80 x 192 x 160) so a 2-core machine can time it in minutes. Weights are torch's
seeded default init: latency does not depend on their values. Writes model.onnx and manifest.json.
"""

import hashlib
import json
import os
import sys

import torch
from torch import nn

torch.set_num_threads(2)
torch.manual_seed(0)
out_dir = sys.argv[1]
side = int(sys.argv[2]) if len(sys.argv) > 2 else 64
PATCH = [side, side, side]
WIDTH = int(sys.argv[3]) if len(sys.argv) > 3 else 32
FEATURES = [WIDTH, 2 * WIDTH, 4 * WIDTH, 8 * WIDTH]
CLASSES = 4


def block(cin, cout, stride):
    return nn.Sequential(
        nn.Conv3d(cin, cout, 3, stride=stride, padding=1),
        nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(0.01),
        nn.Conv3d(cout, cout, 3, padding=1),
        nn.InstanceNorm3d(cout, affine=True),
        nn.LeakyReLU(0.01),
    )


class UNet3d(nn.Module):
    def __init__(self):
        super().__init__()
        self.enc = nn.ModuleList(
            [block(1 if i == 0 else FEATURES[i - 1], f, 1 if i == 0 else 2) for i, f in enumerate(FEATURES)]
        )
        self.up = nn.ModuleList(
            [nn.ConvTranspose3d(FEATURES[i + 1], FEATURES[i], 2, stride=2) for i in range(len(FEATURES) - 1)]
        )
        self.dec = nn.ModuleList([block(2 * FEATURES[i], FEATURES[i], 1) for i in range(len(FEATURES) - 1)])
        self.head = nn.Conv3d(FEATURES[0], CLASSES, 1)

    def forward(self, x):
        skips = []
        for stage in self.enc:
            x = stage(x)
            skips.append(x)
        x = skips.pop()
        for i in reversed(range(len(self.up))):
            x = self.dec[i](torch.cat([self.up[i](x), skips.pop()], 1))
        return self.head(x)


model = UNet3d().eval()
os.makedirs(out_dir, exist_ok=True)
onnx_path = os.path.join(out_dir, "model.onnx")
torch.onnx.export(
    model,
    torch.zeros(1, 1, *PATCH),
    onnx_path,
    input_names=["image"],
    output_names=["logits"],
    dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
    opset_version=17,
)
with open(onnx_path, "rb") as f:
    sha = hashlib.sha256(f.read()).hexdigest()
params = sum(p.numel() for p in model.parameters())
manifest = {
    "id": f"unet3d-random-{side}-w{WIDTH}",
    "name": f"Random-weight 3D U-Net, {side}^3 patches ({params} parameters)",
    "description": "Benchmark model of npm run bench:3d; random weights.",
    "family": "target-specific",
    "pipeline": "semantic-3d-patch",
    "version": "1.0.0",
    "labels": {"1": "liver", "2": "spleen", "3": "kidney"},
    "trained": False,
    "license": "Apache-2.0",
    "source": "packages/bench/benchmarks/patch3d/make_unet3d.py (edgeseg repository)",
    "fineTuning": {"supported": False, "notes": "Random weights."},
    "intendedUse": "Latency benchmark only; not a medical model.",
    "preprocessing": {
        "intensity": {"kind": "ct-clip-z-score", "lower": -958, "upper": 327, "mean": 83.6, "std": 136.4},
        "channels": 1,
    },
    "slidingWindow": {"patchSize": PATCH, "spacing": [2.0, 1.0, 1.0]},
    "graphs": {
        "model": {
            "file": "model.onnx",
            "sha256": sha,
            "inputs": [{"name": "image", "shape": ["batch", 1, *PATCH], "elementType": "float32"}],
            "outputs": [{"name": "logits", "shape": ["batch", CLASSES, *PATCH], "elementType": "float32"}],
        }
    },
    "maxBatch": 1,
}
with open(os.path.join(out_dir, "manifest.json"), "w") as f:
    json.dump(manifest, f, indent=2)
print(json.dumps({"params": params, "sha256": sha, "bytes": os.path.getsize(onnx_path)}))
