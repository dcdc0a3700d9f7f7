"""nnU-Net v2's own experiment planner, run on a stated abdominal-CT fingerprint: writes nnunet-plans.json.

    /usr/bin/python3 packages/suites/architectures/nnunet_plans.py <nnUNet snapshot> <dynamic-network-architectures snapshot> <out.json>

The planner is nnunetv2's ExperimentPlanner (default "nnUNetPlans", 8 GB VRAM target, PlainConvUNet),
imported from the snapshot and run unchanged through plan_experiment(); only its file I/O and image
readers, which planning from a fingerprint never calls, are replaced (stubs.py). The fingerprint is
BTCV-shaped (Multi-Atlas Labeling Beyond the Cranial Vault, 30 training CTs, 13 organs + background,
512 x 512 in-plane at 0.54-0.98 mm, 85-198 slices at 2.5-5.0 mm): every case at the spacing
3.0 x 0.76 x 0.76 mm and the cropped shape 147 x 512 x 512 (z, y, x), i.e. a stated median within
BTCV's published ranges, not BTCV's own fingerprint file (which needs the data). The foreground
intensity statistics are illustrative CT values: skeletons are timed, never scored.
"""

import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
nnunet_dir, dna_dir, out_path = sys.argv[1:4]
sys.path[:0] = [HERE, nnunet_dir, dna_dir]
import stubs  # noqa: E402

stubs.install_nnunet_stubs()

CASES = 30
SPACING = [3.0, 0.76, 0.76]
SHAPE = [147, 512, 512]
LABELS = [
    "background", "spleen", "kidney_right", "kidney_left", "gallbladder", "esophagus", "liver", "stomach",
    "aorta", "inferior_vena_cava", "portal_vein_and_splenic_vein", "pancreas", "adrenal_gland_right",
    "adrenal_gland_left",
]
FOREGROUND = {"0": {"mean": 100.0, "median": 110.0, "std": 75.0, "min": -1000.0, "max": 3000.0,
                    "percentile_00_5": -160.0, "percentile_99_5": 320.0}}

work = tempfile.mkdtemp(prefix="edgeseg-nnunet-plans-")
os.environ["nnUNet_raw"] = os.path.join(work, "raw")
os.environ["nnUNet_preprocessed"] = os.path.join(work, "preprocessed")
os.environ["nnUNet_results"] = os.path.join(work, "results")
name = "Dataset017_BTCVShaped"
raw = os.path.join(work, "raw", name)
pre = os.path.join(work, "preprocessed", name)
os.makedirs(os.path.join(raw, "imagesTr"))
os.makedirs(os.path.join(raw, "labelsTr"))
os.makedirs(pre)
dataset_json = {"channel_names": {"0": "CT"}, "labels": {n: i for i, n in enumerate(LABELS)},
                "numTraining": CASES, "file_ending": ".nii.gz"}
for i in range(CASES):  # empty files: the planner lists them, never reads them
    open(os.path.join(raw, "imagesTr", f"case_{i:03d}_0000.nii.gz"), "w").close()
    open(os.path.join(raw, "labelsTr", f"case_{i:03d}.nii.gz"), "w").close()
with open(os.path.join(raw, "dataset.json"), "w") as f:
    json.dump(dataset_json, f)
with open(os.path.join(pre, "dataset_fingerprint.json"), "w") as f:
    json.dump({"spacings": [SPACING] * CASES, "shapes_after_crop": [SHAPE] * CASES,
               "foreground_intensity_properties_per_channel": FOREGROUND,
               "median_relative_size_after_cropping": 1.0}, f)

from nnunetv2.experiment_planning.experiment_planners import default_experiment_planner as dep  # noqa: E402


class Planner(dep.ExperimentPlanner):
    def determine_reader_writer(self):  # reads an example image; the plans only record the class name
        return type("SimpleITKIO", (), {})


try:
    plans = Planner(name).plan_experiment()
finally:
    shutil.rmtree(work, ignore_errors=True)
dep.recursive_fix_for_json_export(plans)
plans["edgeseg_fingerprint"] = {
    "note": "BTCV-shaped fingerprint stated in packages/suites/architectures/nnunet_plans.py (not BTCV's own file)",
    "cases": CASES, "spacing_zyx_mm": SPACING, "shape_after_crop_zyx": SHAPE,
}
with open(out_path, "w") as f:
    json.dump(plans, f, indent=2, default=str)
    f.write("\n")
for c in ("2d", "3d_fullres"):
    cfg = plans["configurations"][c]
    a = cfg["architecture"]["arch_kwargs"]
    print(c, "patch", cfg["patch_size"], "spacing", cfg["spacing"], "features", a["features_per_stage"],
          "strides", a["strides"])
