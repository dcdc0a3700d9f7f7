"""Trains the LiteMedSAM-shaped pair with box prompts from the ground truth, as MedSAM is trained and
evaluated: per slice and organ, the tight box of the organ's pixels, each side enlarged by a random
0..JITTER pixels in training (MedSAM's bbox_shift), tight boxes at evaluation."""
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

from data import NUM_CLASSES, resize_images, window
from litemedsam import Decoder, Encoder
from metrics import dice

SIZE = (256, 256)
JITTER = 4


def encoder_input(image_slices):
    """[N, ny, nx] HU -> [N, 3, 256, 256]: window to [0, 1], bilinear resize, x 255, grey to RGB."""
    x = resize_images(window(image_slices), SIZE) * 255.0
    return x.expand(-1, 3, -1, -1)


def box_of(mask):
    """Tight inclusive box (x0, y0, x1, y1) of a [ny, nx] boolean mask, or None."""
    ys, xs = np.nonzero(mask)
    if xs.size == 0:
        return None
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def to_model(box, nx, ny):
    """Native inclusive indices -> 256-pixel input coordinates, scaled by W / nx and H / ny."""
    sx, sy = SIZE[1] / nx, SIZE[0] / ny
    return [box[0] * sx, box[1] * sy, box[2] * sx, box[3] * sy]


def training_items(cases):
    """Grey slices [N, 1, 256, 256] (window only, x 255 later), labels [N, 256, 256], organs per slice."""
    xs, ys, organs = [], [], []
    for _, image, label, _ in cases:
        assert image.shape[1:] == SIZE, "training cases are 256 x 256 (the phantom's training matrix)"
        xs.append(window(torch.from_numpy(image))[:, None])
        ys.append(torch.from_numpy(label))
        organs += [[l for l in range(1, NUM_CLASSES) if (sl == l).any()] for sl in label]
    return torch.cat(xs), torch.cat(ys), organs


def mask_loss(logits, target):
    bce = F.binary_cross_entropy_with_logits(logits, target)
    p = logits.sigmoid()
    inter = (p * target).sum((1, 2, 3))
    d = 1 - (2 * inter + 1) / (p.sum((1, 2, 3)) + target.sum((1, 2, 3)) + 1)
    return bce + d.mean()


def train(train_cases, iterations, slices_per_step=4, boxes_per_slice=3, lr=2e-3, seed=0, log=print):
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    rng = np.random.default_rng(seed)
    grey, labels, organs = training_items(train_cases)
    usable = [n for n, o in enumerate(organs) if o]
    encoder, decoder = Encoder(), Decoder()
    params = list(encoder.parameters()) + list(decoder.parameters())
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=1e-4)
    started = time.time()
    for it in range(iterations):
        for group in opt.param_groups:
            group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * it / iterations))
        picks = [usable[int(i)] for i in torch.randint(0, len(usable), (slices_per_step,), generator=gen)]
        emb = encoder(grey[picks].expand(-1, 3, -1, -1) * 255.0)
        which, boxes, targets = [], [], []
        for row, n in enumerate(picks):
            chosen = rng.choice(organs[n], size=min(boxes_per_slice, len(organs[n])), replace=False)
            for organ in chosen:
                mask = labels[n] == int(organ)
                x0, y0, x1, y1 = box_of(mask.numpy())
                j = rng.integers(0, JITTER + 1, size=4)
                boxes.append([max(0, x0 - j[0]), max(0, y0 - j[1]), min(255, x1 + j[2]), min(255, y1 + j[3])])
                which.append(row)
                targets.append(mask.float())
        logits = decoder(emb[which], torch.tensor(boxes, dtype=torch.float32))
        loss = mask_loss(logits, torch.stack(targets)[:, None])
        opt.zero_grad()
        loss.backward()
        opt.step()
        if it % 100 == 0 or it == iterations - 1:
            log(f"  it {it:5d} loss {loss.item():.4f} {time.time() - started:.0f} s")
    encoder.eval()
    decoder.eval()
    return encoder, decoder, time.time() - started


@torch.no_grad()
def evaluate(encoder, decoder, test_cases, threshold=0.0):
    """As the engine's promptable pipeline: one decoder run per organ box on each slice, logits resized
    bilinearly to the native slice, thresholded; where several organs claim a pixel the highest logit
    wins."""
    per_case = {}
    for case_id, image, label, _ in test_cases:
        nz, ny, nx = image.shape
        pred = np.zeros((nz, ny, nx), dtype=np.uint8)
        for k in range(nz):
            emb = encoder(encoder_input(torch.from_numpy(image[k : k + 1])))
            best = np.full((ny, nx), -np.inf, dtype=np.float32)
            for organ in range(1, NUM_CLASSES):
                box = box_of(label[k] == organ)
                if box is None:
                    continue
                logits = decoder(emb, torch.tensor([to_model(box, nx, ny)], dtype=torch.float32))
                native = F.interpolate(logits, size=(ny, nx), mode="bilinear", align_corners=False)[0, 0].numpy()
                claim = (native > threshold) & (native > best)
                pred[k][claim] = organ
                best = np.where(claim, native, best)
        per_case[case_id] = {l: dice(pred == l, label == l) for l in range(1, NUM_CLASSES)}
    return per_case


def export(encoder, decoder, encoder_path, decoder_path):
    image = torch.zeros(1, 3, *SIZE)
    torch.onnx.export(encoder, image, encoder_path, opset_version=17, input_names=["image"],
                      output_names=["image_embeddings"], do_constant_folding=True)
    emb = encoder(image).detach()
    box = torch.tensor([[40.0, 40.0, 120.0, 140.0]])
    torch.onnx.export(decoder, (emb, box), decoder_path, opset_version=17,
                      input_names=["image_embeddings", "boxes"], output_names=["masks"], do_constant_folding=True)
