"""Dice similarity coefficient per organ, per case (3D), as the engine reports it: 2|A∩B| / (|A| + |B|);
an organ absent from both reference and prediction is skipped, absent from one only scores 0."""
import numpy as np


def dice(pred, ref):
    a = int(pred.sum())
    b = int(ref.sum())
    if a + b == 0:
        return None
    return 2.0 * int(np.logical_and(pred, ref).sum()) / (a + b)


def summarise(per_case, names):
    """per_case: {case_id: {label: dsc}} -> {"perOrgan": {name: mean}, "perCase": ..., "meanDsc": ...}"""
    per_organ = {}
    for label, name in names.items():
        values = [c[label] for c in per_case.values() if c.get(label) is not None]
        per_organ[name] = round(float(np.mean(values)), 4) if values else None
    organ_means = [v for v in per_organ.values() if v is not None]
    return {
        "metric": "DSC (3D, per case, averaged over the test cases)",
        "perOrgan": per_organ,
        "meanDsc": round(float(np.mean(organ_means)), 4),
        "perCase": {cid: {names[l]: round(v, 4) for l, v in c.items() if v is not None} for cid, c in per_case.items()},
    }
