"""Strips each exported graph to a skeleton with edgeseg's own CLI and writes the manifests of architectures-v1.

    /usr/bin/python3 packages/suites/architectures/manifests.py <export dir> <suite dir>

Reads <export dir>/export.json (export.py), runs `npx edgeseg-agent skeleton strip` on every ONNX file,
writes <suite dir>/models/<id>/{manifest.json, *.skel.onnx} and <suite dir>/architectures.json (per
graph: parameters counted by PyTorch, full ONNX bytes and sha256, skeleton bytes). The full models stay
in the export directory: only skeletons are committed.
"""

import hashlib
import json
import os
import subprocess
import sys

export_dir, suite_dir = sys.argv[1:3]
export = json.load(open(os.path.join(export_dir, "export.json")))
plans = json.load(open(os.path.join(suite_dir, "nnunet-plans.json")))

PHANTOM_LABELS = {"1": "liver", "2": "spleen", "3": "kidney_right", "4": "kidney_left", "5": "aorta",
                  "6": "inferior_vena_cava", "7": "stomach", "8": "pancreas"}
# BTCV's label order (nnunet_plans.py); the phantom has 8 of these 13 organs, the others are simply absent.
BTCV_LABELS = {"1": "spleen", "2": "kidney_right", "3": "kidney_left", "4": "gallbladder", "5": "esophagus",
               "6": "liver", "7": "stomach", "8": "aorta", "9": "inferior_vena_cava",
               "10": "portal_vein_and_splenic_vein", "11": "pancreas", "12": "adrenal_gland_right",
               "13": "adrenal_gland_left"}
USE = ("Architecture skeleton with synthetic weights (seeded random fill): measures load time, latency and "
       "memory on a device, never accuracy. Not a trained model; not for clinical use.")
NO_FT = {"supported": False, "notes": "A skeleton has no trained weights to adapt."}
# MedSAM's pre_CT_MR.py windows abdominal CT at level 40, width 400 before the per-image min-max to [0, 1].
SAM_INTENSITY = {"kind": "min-max", "window": {"level": 40, "width": 400}}
fg = plans["foreground_intensity_properties_per_channel"]["0"]
NNUNET_INTENSITY = {"kind": "ct-clip-z-score", "lower": fg["percentile_00_5"], "upper": fg["percentile_99_5"],
                    "mean": fg["mean"], "std": fg["std"]}
# The 2D pipeline has z-score but not the percentile clip before it (3D pipelines only): same statistics.
NNUNET_INTENSITY_2D = {"kind": "z-score", "mean": fg["mean"], "std": fg["std"]}

MODELS = {
    "litemedsam": dict(
        name="LiteMedSAM (architecture skeleton)", family="foundation", pipeline="promptable-2d", side=256,
        description="LiteMedSAM: TinyViT image encoder (5.73 M parameters, 3 x 256 x 256 -> 256 x 64 x 64) run once per slice, SAM prompt encoder + mask decoder (4.06 M) run once per box, 256 x 256 mask logits. Built from bowang-lab/MedSAM branch LiteMedSAM (tiny_vit_sam.py, segment_anything/modeling) with seeded random weights.",
        source="bowang-lab/MedSAM@b0fab476e54e631dd412b25e0db9fdf2a2b0f54c (branch LiteMedSAM): tiny_vit_sam.py, segment_anything/modeling, configuration of CVPR24_LiteMedSAM_infer.py; exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (MedSAM code)"),
    "medsam-vit-b": dict(
        name="MedSAM ViT-B (architecture skeleton)", family="foundation", pipeline="promptable-2d", side=1024,
        description="MedSAM: SAM ViT-B image encoder (89.67 M parameters, 3 x 1024 x 1024 -> 256 x 64 x 64) run once per slice, prompt encoder + mask decoder (4.06 M) once per box, 256 x 256 mask logits (boxes in 1024-pixel coordinates). Built from bowang-lab/MedSAM segment_anything (build_sam vit_b) with seeded random weights.",
        source="bowang-lab/MedSAM@d71e8a1a99ad751840a22a7fa3ecfb4166fb1488: segment_anything/build_sam.py (sam_model_registry['vit_b'], no checkpoint), segment_anything/modeling; exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (MedSAM / segment-anything code)"),
    "efficientvit-sam-l0": dict(
        name="EfficientViT-SAM-L0 as in MedficientSAM-L0 (architecture skeleton)", family="foundation",
        pipeline="promptable-2d", side=512,
        description="EfficientViT-SAM-L0 at 512 x 512, the MedficientSAM-L0 configuration (CVPR 2024 MedSAM on Laptop): EfficientViT-L0 backbone + SAM neck (30.73 M parameters, 3 x 512 x 512 -> 256 x 64 x 64) once per slice, SAM prompt encoder + mask decoder (4.06 M) once per box; boxes given in 512-pixel coordinates are scaled x2 into the prompt encoder's 1024 frame inside the decoder graph, as MedficientSAM does. Seeded random weights.",
        source="mit-han-lab/efficientvit@de7d7733cc0329f391b33f1f459271562ec27bd5: efficientvit/models/efficientvit/sam.py (efficientvit_sam_l0, image_size=512) with bowang-lab/MedSAM segment_anything/modeling; configuration of hieplpvip/medficientsam@59504938bb37ab7e2832ede358051976e740efe5 (image_encoder_input_size 512, prompt_encoder_input_size 1024); exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (EfficientViT code)"),
    "nnunet-2d": dict(
        name="nnU-Net 2D, BTCV-shaped plans (architecture skeleton)", family="target-specific",
        pipeline="semantic-2d", config="2d",
        description="nnU-Net v2 2d configuration: PlainConvUNet from the plans nnU-Net's ExperimentPlanner makes for a BTCV-shaped abdominal CT fingerprint (nnunet-plans.json): patch 512 x 512 at 0.76 x 0.76 mm, 8 stages of 32-64-128-256-512-512-512-512 features, strides 1-2-2-2-2-2-2-2, 14 output classes (BTCV's 13 organs + background), deep supervision off. Seeded random weights.",
        source="MIC-DKFZ/dynamic-network-architectures@d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12: dynamic_network_architectures/architectures/unet.py (PlainConvUNet) with the plans of MIC-DKFZ/nnUNet@0e495086eb108ff79afe106291e8c15bd2f2bc3a nnunetv2 ExperimentPlanner (packages/suites/architectures/nnunet_plans.py); exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (nnU-Net / dynamic-network-architectures code)"),
    "nnunet-3d-fullres": dict(
        name="nnU-Net 3d_fullres, BTCV-shaped plans (architecture skeleton)", family="target-specific",
        pipeline="semantic-3d-patch", config="3d_fullres",
        description="nnU-Net v2 3d_fullres configuration: PlainConvUNet from the plans nnU-Net's ExperimentPlanner makes for a BTCV-shaped abdominal CT fingerprint (nnunet-plans.json): patch 48 x 192 x 192 (z, y, x) at 3.0 x 0.76 x 0.76 mm, 6 stages of 32-64-128-256-320-320 features, strides (1,1,1) (1,2,2) (2,2,2) (2,2,2) (2,2,2) (1,2,2), first stage 1 x 3 x 3 kernels, 14 output classes, deep supervision off; sliding window with step 0.5 and Gaussian weighting, no mirroring. Seeded random weights.",
        source="MIC-DKFZ/dynamic-network-architectures@d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12: dynamic_network_architectures/architectures/unet.py (PlainConvUNet) with the plans of MIC-DKFZ/nnUNet@0e495086eb108ff79afe106291e8c15bd2f2bc3a nnunetv2 ExperimentPlanner (packages/suites/architectures/nnunet_plans.py); exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (nnU-Net / dynamic-network-architectures code)"),
    "swin-unetr": dict(
        name="SwinUNETR, BTCV setting (architecture skeleton)", family="target-specific",
        pipeline="semantic-3d-patch",
        description="SwinUNETR (MONAI) in the BTCV setting of its paper: feature_size 48, 96 x 96 x 96 patches, 14 output classes (62.19 M parameters); sliding window with step 0.5 and Gaussian weighting at 1.5 x 1.5 x 2.0 mm (z 2.0 mm), no mirroring. Seeded random weights.",
        source="Project-MONAI/MONAI@d388d1c6fec8cb3a0eebee5b5a0b9776ca59ca83: monai/networks/nets/swin_unetr.py (SwinUNETR(in_channels=1, out_channels=14, feature_size=48)); exported by edgeseg packages/suites/architectures/export.py",
        license="Apache-2.0 (MONAI code)"),
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tensor(name, shape):
    return {"name": name, "shape": shape, "elementType": "float32"}


summary = {}
for mid, spec in MODELS.items():
    exported = export[mid]
    out = os.path.join(suite_dir, "models", mid)
    os.makedirs(out, exist_ok=True)
    graphs, sizes = {}, {}
    for role, g in exported.items():
        if not isinstance(g, dict) or "file" not in g:
            continue
        full = os.path.join(export_dir, g["file"])
        skel_name = f"{role}.skel.onnx"
        skel = os.path.join(out, skel_name)
        subprocess.run(["npx", "edgeseg-agent", "skeleton", "strip", full, "--out", skel, "--json"], check=True,
                       stdout=subprocess.DEVNULL)
        ins = [tensor(n, s) for n, s in g["inputs"].items()]
        outs = [tensor(n, s) for n, s in g["outputs"].items()]
        if mid.startswith("nnunet"):  # export.py gives the nnU-Net graphs a symbolic batch axis
            ins = [tensor(t["name"], ["batch", *t["shape"][1:]]) for t in ins]
            outs = [tensor(t["name"], ["batch", *t["shape"][1:]]) for t in outs]
        graphs[role] = {"file": skel_name, "sha256": sha256(skel), "inputs": ins, "outputs": outs}
        sizes[role] = {"parameters": g["parameters"], "fullBytes": os.path.getsize(full), "fullSha256": sha256(full),
                       "skeletonBytes": os.path.getsize(skel)}
    manifest = {"id": mid, "version": "1.0.0", "name": spec["name"], "description": spec["description"],
                "family": spec["family"], "pipeline": spec["pipeline"]}
    if spec["pipeline"] == "promptable-2d":
        side = spec["side"]
        manifest.update(labels=PHANTOM_LABELS, preprocessing={"intensity": SAM_INTENSITY, "resize": [side, side],
                                                              "channels": 3, "scale": 1, "offset": 0})
    elif spec["pipeline"] == "semantic-2d":
        cfg = plans["configurations"][spec["config"]]
        manifest.update(labels=BTCV_LABELS, preprocessing={"intensity": NNUNET_INTENSITY_2D,
                                                           "resize": cfg["patch_size"], "channels": 1,
                                                           "scale": 1, "offset": 0})
    else:
        if mid == "swin-unetr":
            patch, spacing = [96, 96, 96], [2.0, 1.5, 1.5]  # MONAI BTCV tutorial: Spacingd pixdim (1.5, 1.5, 2.0)
            intensity = {"kind": "ct-window", "level": 37.5, "width": 425}  # ScaleIntensityRanged a_min -175, a_max 250
        else:
            cfg = plans["configurations"][spec["config"]]
            patch, spacing, intensity = cfg["patch_size"], cfg["spacing"], NNUNET_INTENSITY
        manifest.update(labels=BTCV_LABELS,
                        preprocessing={"intensity": intensity, "channels": 1, "scale": 1, "offset": 0},
                        slidingWindow={"patchSize": patch, "spacing": spacing, "stepSize": 0.5, "mirroring": False})
    manifest.update(trained=False, intendedUse=USE, license=spec["license"], source=spec["source"],
                    fineTuning=NO_FT, graphs=graphs)
    if spec["pipeline"] == "promptable-2d":
        manifest["prompt"] = {"jitterPx": 0, "seed": 2024, "maskThreshold": 0}
    manifest["maxBatch"] = 1
    with open(os.path.join(out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    summary[mid] = {"graphs": sizes, **({"totalParameters": exported["total_parameters"]}
                                         if "total_parameters" in exported else {})}
    if "plans" in exported:
        summary[mid]["plans"] = exported["plans"]
    print(mid, {r: (s["parameters"], s["fullBytes"], s["skeletonBytes"]) for r, s in sizes.items()})

with open(os.path.join(suite_dir, "architectures.json"), "w") as f:
    json.dump(summary, f, indent=2)
    f.write("\n")
