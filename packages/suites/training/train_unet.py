"""Trains one 2D U-Net on all axial slices of the training split, then scores it on the test split."""
import math
import time

import torch
import torch.nn.functional as F

from data import NUM_CLASSES, resize_images, slices_of, window
from metrics import dice
from unet import UNet2d

SIZE = (128, 128)


def soft_dice_loss(logits, target):
    """nnU-Net's batch Dice over the foreground classes (1 - mean Dice), smoothed by 1e-5."""
    probs = logits.softmax(1)
    onehot = F.one_hot(target, NUM_CLASSES).permute(0, 3, 1, 2).float()
    dims = (0, 2, 3)
    inter = (probs * onehot).sum(dims)
    denom = probs.sum(dims) + onehot.sum(dims)
    return 1 - ((2 * inter + 1e-5) / (denom + 1e-5))[1:].mean()


def shifted(x, y, gen, max_shift=10):
    """Random translation by whole pixels (the border is air, so wrapping around is harmless)."""
    dy, dx = (int(v) for v in torch.randint(-max_shift, max_shift + 1, (2,), generator=gen))
    return torch.roll(x, (dy, dx), (2, 3)), torch.roll(y, (dy, dx), (1, 2))


def train(widths, train_cases, iterations, batch=8, lr=3e-3, seed=0, log=print):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    x_all, y_all = slices_of(train_cases, SIZE)
    model = UNet2d(widths)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=1e-4)
    started = time.time()
    model.train()
    for it in range(iterations):
        for group in opt.param_groups:
            group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * it / iterations))
        idx = torch.randint(0, x_all.shape[0], (batch,), generator=gen)
        x, y = shifted(x_all[idx], y_all[idx], gen)
        # Mild contrast jitter: the window maps HU to [0, 1]; scanners differ by a few HU.
        x = x * (1 + 0.05 * (torch.rand(batch, 1, 1, 1, generator=gen) - 0.5) * 2)
        logits = model(x)
        loss = F.cross_entropy(logits, y) + soft_dice_loss(logits, y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % 100 == 0 or it == iterations - 1:
            log(f"  it {it:5d} loss {loss.item():.4f} {time.time() - started:.0f} s")
    model.eval()
    return model, time.time() - started


@torch.no_grad()
def predict_case(model, image):
    """image [nz, ny, nx] HU -> labels [nz, ny, nx]: argmax at model resolution, nearest-exact back."""
    nz, ny, nx = image.shape
    x = resize_images(window(torch.from_numpy(image)), SIZE)
    classes = torch.cat([model(x[k : k + 8]).argmax(1) for k in range(0, nz, 8)])
    back = F.interpolate(classes[:, None].float(), size=(ny, nx), mode="nearest-exact")
    return back[:, 0].to(torch.uint8).numpy()


def evaluate(model, test_cases):
    per_case = {}
    for case_id, image, label, _ in test_cases:
        pred = predict_case(model, image)
        per_case[case_id] = {l: dice(pred == l, label == l) for l in range(1, NUM_CLASSES)}
    return per_case


def parameter_count(model):
    return int(sum(p.numel() for p in model.parameters()))


def export(model, path):
    dummy = torch.zeros(1, 1, *SIZE)
    torch.onnx.export(
        model, dummy, path, opset_version=17, input_names=["image"], output_names=["logits"],
        dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}}, do_constant_folding=True,
    )

