"""A LiteMedSAM-shaped promptable pair, scaled down to train on a CPU in minutes.

Encoder: image [1, 3, 256, 256] in 0..255 (grey replicated to RGB) -> SAM's pixel normalisation ->
strided conv stem to 64 x 64 -> residual blocks -> embeddings [1, C, 64, 64] (LiteMedSAM: TinyViT to
[1, 256, 64, 64]). Decoder: (embeddings, box [1, 4] = x0, y0, x1, y1 in 256-pixel input coordinates)
-> the box encoded as dense maps on the 64 x 64 grid (inside-box indicator and signed distances to
its edges, in place of SAM's sparse prompt tokens) -> convs -> transposed-conv upsampling x4 -> mask
logits [1, 1, 256, 256] (LiteMedSAM returns 256 x 256 low-resolution masks too)."""
import torch
import torch.nn as nn

PIXEL_MEAN = (123.675, 116.28, 103.53)
PIXEL_STD = (58.395, 57.12, 57.375)


def conv(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1), nn.GroupNorm(4, cout), nn.GELU())


class Residual(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.body = nn.Sequential(conv(c, c), nn.Conv2d(c, c, 3, 1, 1), nn.GroupNorm(4, c))

    def forward(self, x):
        return torch.nn.functional.gelu(x + self.body(x))


class Encoder(nn.Module):
    def __init__(self, c=32):
        super().__init__()
        self.register_buffer("mean", torch.tensor(PIXEL_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(PIXEL_STD).view(1, 3, 1, 1))
        self.stem = nn.Sequential(conv(3, 16, 2), conv(16, c, 2))
        self.blocks = nn.Sequential(Residual(c), Residual(c), Residual(c))

    def forward(self, image):
        return self.blocks(self.stem((image - self.mean) / self.std))


class Decoder(nn.Module):
    def __init__(self, c=32, grid=64, size=256):
        super().__init__()
        # Centres of the 64 x 64 embedding cells in 256-pixel input coordinates.
        centres = (torch.arange(grid, dtype=torch.float32) + 0.5) * (size / grid)
        self.register_buffer("gx", centres.view(1, 1, 1, grid))
        self.register_buffer("gy", centres.view(1, 1, grid, 1))
        self.size = float(size)
        self.fuse = nn.Sequential(conv(c + 5, c), conv(c, c), conv(c, c))
        self.up = nn.Sequential(
            nn.ConvTranspose2d(c, 16, 2, 2), nn.GroupNorm(4, 16), nn.GELU(), nn.ConvTranspose2d(16, 8, 2, 2), nn.GELU()
        )
        self.head = nn.Conv2d(8, 1, 3, 1, 1)

    def forward(self, embeddings, boxes):
        b = boxes.view(-1, 4, 1, 1) / self.size
        gx = self.gx / self.size
        gy = self.gy / self.size
        dx0, dy0 = gx - b[:, 0:1], gy - b[:, 1:2]
        dx1, dy1 = b[:, 2:3] - gx, b[:, 3:4] - gy
        inside = torch.sigmoid(40 * torch.minimum(torch.minimum(dx0, dx1), torch.minimum(dy0, dy1)))
        prompt = torch.cat([inside, dx0.expand_as(inside), dx1.expand_as(inside), dy0.expand_as(inside), dy1.expand_as(inside)], 1)
        x = self.fuse(torch.cat([embeddings.expand(prompt.shape[0], -1, -1, -1), prompt], 1))
        return self.head(self.up(x))
