"""2D U-Net in the nnU-Net style: per stage two conv3x3-InstanceNorm-LeakyReLU blocks, downsampling by
a strided first conv, upsampling by transposed conv, skip connections by concatenation, 1x1 conv head.
(Isensee et al., nnU-Net, Nature Methods 2021; the 2d configuration without deep supervision.)"""
import torch
import torch.nn as nn


def block(cin, cout, stride=1):
    return nn.Sequential(
        nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=True),
        nn.InstanceNorm2d(cout, eps=1e-5, affine=True),
        nn.LeakyReLU(0.01, inplace=True),
    )


class UNet2d(nn.Module):
    def __init__(self, widths, in_channels=1, classes=9):
        super().__init__()
        self.down = nn.ModuleList()
        cin = in_channels
        for n, w in enumerate(widths):
            self.down.append(nn.Sequential(block(cin, w, stride=1 if n == 0 else 2), block(w, w)))
            cin = w
        self.up = nn.ModuleList()
        self.merge = nn.ModuleList()
        for n in range(len(widths) - 1, 0, -1):
            self.up.append(nn.ConvTranspose2d(widths[n], widths[n - 1], 2, stride=2))
            self.merge.append(nn.Sequential(block(2 * widths[n - 1], widths[n - 1]), block(widths[n - 1], widths[n - 1])))
        self.head = nn.Conv2d(widths[0], classes, 1)

    def forward(self, x):
        skips = []
        for stage in self.down:
            x = stage(x)
            skips.append(x)
        x = skips.pop()
        for up, merge in zip(self.up, self.merge):
            x = merge(torch.cat([up(x), skips.pop()], dim=1))
        return self.head(x)
