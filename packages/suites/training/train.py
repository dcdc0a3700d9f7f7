"""Trains the three reference models of the standard-v1 suite on the phantom's training split, exports
them to ONNX (opset 17), scores them on the test split and writes manifest.json and
training-metrics.json next to each model. See README.md. Run with Debian's /usr/bin/python3."""
import argparse
import gzip
import hashlib
import json
import os
import random
import sys
import time

import numpy as np
import torch

import manifests
import train_litemedsam
import train_unet
from data import read_split
from metrics import summarise

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = {int(k): v for k, v in manifests.LABELS.items()}
UNETS = {
    "unet2d-small": ("2D U-Net, small (phantom)", (8, 16, 32, 64), 900),
    "unet2d-base": ("2D U-Net, base (phantom)", (16, 32, 64, 128), 800),
}
LITEMEDSAM_ITERATIONS = 500


def dataset_sha256(root):
    """The engine's dataset hash (packages/bench/src/dataset/hash.ts): sha256 over sorted lines
    "<content sha256>  <relative path>" of dataset.json and every image and label, gzip decompressed."""
    lines = []
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                data = f.read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            lines.append((os.path.relpath(path, root).replace(os.sep, "/"), hashlib.sha256(data).hexdigest()))
    lines.sort()
    return hashlib.sha256("".join(f"{sha}  {rel}\n" for rel, sha in lines).encode()).hexdigest()


def write_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


def metrics_doc(model_id, seconds, iterations, params, train_sha, test_sha, per_case):
    return {
        "modelId": model_id,
        "trainingSeconds": round(seconds, 1),
        "iterations": iterations,
        "parameters": params,
        "threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "trainDatasetSha256": train_sha,
        "testDatasetSha256": test_sha,
        **summarise(per_case, NAMES),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--train", required=True, help="phantom train split directory")
    parser.add_argument("--test", required=True, help="phantom test split directory")
    parser.add_argument("--out", default=os.path.join(HERE, "..", "standard-v1", "models"))
    parser.add_argument("--only", nargs="*", default=None, help="model ids to train (default: all)")
    parser.add_argument("--cache", default="/tmp/edgeseg-training-cache", help="PyTorch weights (not committed)")
    args = parser.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    torch.set_num_threads(2)
    torch.use_deterministic_algorithms(True)
    random.seed(0)
    np.random.seed(0)
    log = lambda msg: print(msg, flush=True)  # noqa: E731
    train_sha, test_sha = dataset_sha256(args.train), dataset_sha256(args.test)
    train_cases, test_cases = read_split(args.train), read_split(args.test)
    log(f"train {len(train_cases)} cases ({train_sha[:12]}), test {len(test_cases)} cases ({test_sha[:12]})")
    wanted = args.only or [*UNETS, "litemedsam-phantom"]
    for model_id, (name, widths, iterations) in UNETS.items():
        if model_id not in wanted:
            continue
        log(f"{model_id}: widths {widths}, {iterations} iterations")
        model, seconds = train_unet.train(widths, train_cases, iterations, seed=1, log=log)
        out = os.path.join(args.out, model_id)
        os.makedirs(out, exist_ok=True)
        onnx_path = os.path.join(out, "model.onnx")
        train_unet.export(model, onnx_path)
        torch.save(model.state_dict(), os.path.join(args.cache, f"{model_id}.pt"))
        params = train_unet.parameter_count(model)
        write_json(os.path.join(out, "manifest.json"),
                   manifests.unet_manifest(model_id, name, list(widths), params, onnx_path, train_sha))
        doc = metrics_doc(model_id, seconds, iterations, params, train_sha, test_sha,
                          train_unet.evaluate(model, test_cases))
        write_json(os.path.join(out, "training-metrics.json"), doc)
        log(f"{model_id}: {seconds:.0f} s, mean DSC {doc['meanDsc']}, {doc['perOrgan']}")
    if "litemedsam-phantom" in wanted:
        log(f"litemedsam-phantom: {LITEMEDSAM_ITERATIONS} iterations")
        encoder, decoder, seconds = train_litemedsam.train(train_cases, LITEMEDSAM_ITERATIONS, seed=2, log=log)
        out = os.path.join(args.out, "litemedsam-phantom")
        os.makedirs(out, exist_ok=True)
        enc_path, dec_path = os.path.join(out, "encoder.onnx"), os.path.join(out, "decoder.onnx")
        train_litemedsam.export(encoder, decoder, enc_path, dec_path)
        torch.save({"encoder": encoder.state_dict(), "decoder": decoder.state_dict()},
                   os.path.join(args.cache, "litemedsam-phantom.pt"))
        params = int(sum(p.numel() for p in [*encoder.parameters(), *decoder.parameters()]))
        write_json(os.path.join(out, "manifest.json"),
                   manifests.litemedsam_manifest(params, enc_path, dec_path, train_sha))
        doc = metrics_doc("litemedsam-phantom", seconds, LITEMEDSAM_ITERATIONS, params, train_sha, test_sha,
                          train_litemedsam.evaluate(encoder, decoder, test_cases))
        doc["prompts"] = "tight ground-truth box per organ and slice (training: 0..4 px jitter per side)"
        write_json(os.path.join(out, "training-metrics.json"), doc)
        log(f"litemedsam-phantom: {seconds:.0f} s, mean DSC {doc['meanDsc']}, {doc['perOrgan']}")


if __name__ == "__main__":
    t0 = time.time()
    main()
    print(f"total {time.time() - t0:.0f} s", file=sys.stderr)
