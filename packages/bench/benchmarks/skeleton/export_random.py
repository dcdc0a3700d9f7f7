"""A 2D U-Net with PyTorch's default random initialisation, exported to ONNX (opset 17).

Used by `npm run bench:skeleton` and the skeleton timing test: the original model whose skeleton is
compared with it. Debian's python3-torch (1.13) and python3-onnx, as packages/suites/training uses.

    /usr/bin/python3 export_random.py --out model.onnx [--side 128] [--width 32] [--seed 0]
"""
import argparse

import torch
from torch import nn


def block(cin: int, cout: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
        nn.Conv2d(cout, cout, 3, padding=1, bias=False),
        nn.BatchNorm2d(cout),
        nn.ReLU(inplace=True),
    )


class UNet(nn.Module):
    """Four levels (w, 2w, 4w, 8w channels), transposed-convolution upsampling, 14 output classes."""

    def __init__(self, width: int, classes: int = 14) -> None:
        super().__init__()
        w = [width, 2 * width, 4 * width, 8 * width]
        self.enc = nn.ModuleList([block(1, w[0]), block(w[0], w[1]), block(w[1], w[2]), block(w[2], w[3])])
        self.up = nn.ModuleList([nn.ConvTranspose2d(w[i + 1], w[i], 2, stride=2) for i in range(3)])
        self.dec = nn.ModuleList([block(2 * w[i], w[i]) for i in range(3)])
        self.head = nn.Conv2d(w[0], classes, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        skips = []
        for i, enc in enumerate(self.enc):
            x = enc(x if i == 0 else nn.functional.max_pool2d(x, 2))
            skips.append(x)
        for i in reversed(range(3)):
            x = self.dec[i](torch.cat([self.up[i](x), skips[i]], dim=1))
        return self.head(x)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--side", type=int, default=128)
    parser.add_argument("--width", type=int, default=32)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(2)  # PLATFORM-NOTES: the machine's 2 cores are shared
    torch.manual_seed(args.seed)
    model = UNet(args.width).eval()
    params = sum(p.numel() for p in model.parameters())
    torch.onnx.export(
        model,
        torch.randn(1, 1, args.side, args.side),
        args.out,
        opset_version=17,
        input_names=["image"],
        output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}},
    )
    print(params)


if __name__ == "__main__":
    main()
