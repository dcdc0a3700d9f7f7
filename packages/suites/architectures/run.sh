#!/usr/bin/env bash
# Regenerates packages/suites/architectures-v1 (skeletons, manifests, plans, suite pins) from the public
# architecture code. Maintainers only; see README.md. Usage, from the repository root:
#   bash packages/suites/architectures/run.sh <MedSAM.git> <efficientvit.git> <dynamic-network-architectures.git> \
#        <MONAI.git> <nnUNet.git>
# Each argument is a git directory (a clone or a bare snapshot) holding the commit pinned below.
set -euo pipefail
[ $# -eq 5 ] || { echo "usage: $0 <MedSAM.git> <efficientvit.git> <dynamic-network-architectures.git> <MONAI.git> <nnUNet.git>" >&2; exit 2; }
HERE="$(cd "$(dirname "$0")" && pwd)"
SUITE="$HERE/../architectures-v1"
PY=/usr/bin/python3   # Debian's python3-torch 1.13 + python3-onnx 1.12, not the python3 first on PATH

MEDSAM_LITE=b0fab476e54e631dd412b25e0db9fdf2a2b0f54c   # bowang-lab/MedSAM, branch LiteMedSAM
MEDSAM_MAIN=d71e8a1a99ad751840a22a7fa3ecfb4166fb1488   # bowang-lab/MedSAM, branch main
EFFICIENTVIT=de7d7733cc0329f391b33f1f459271562ec27bd5  # mit-han-lab/efficientvit, master
DNA=d35f85c7b92cbf3e9443b412fdc7c81f8e2e7b12           # MIC-DKFZ/dynamic-network-architectures, main
MONAI=d388d1c6fec8cb3a0eebee5b5a0b9776ca59ca83         # Project-MONAI/MONAI, dev
NNUNET=0e495086eb108ff79afe106291e8c15bd2f2bc3a        # MIC-DKFZ/nnUNet, master

WORK="$(mktemp -d -t edgeseg-architectures-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
extract() { # <git dir> <commit> <target> <paths...>: only the code, never the repositories' large assets
  local git="$1" commit="$2" target="$3"; shift 3
  mkdir -p "$target"
  git --git-dir="$git" archive "$commit" "$@" | tar -x -C "$target"
}
extract "$1" "$MEDSAM_LITE" "$WORK/medsam-lite" tiny_vit_sam.py segment_anything
extract "$1" "$MEDSAM_MAIN" "$WORK/medsam" segment_anything
extract "$2" "$EFFICIENTVIT" "$WORK/efficientvit" efficientvit/__init__.py efficientvit/apps efficientvit/models
extract "$3" "$DNA" "$WORK/dna" dynamic_network_architectures
extract "$4" "$MONAI" "$WORK/monai" monai
extract "$5" "$NNUNET" "$WORK/nnunet" nnunetv2

"$PY" "$HERE/nnunet_plans.py" "$WORK/nnunet" "$WORK/dna" "$SUITE/nnunet-plans.json"
"$PY" "$HERE/export.py" --out "$WORK/onnx" --medsam-lite "$WORK/medsam-lite" --medsam "$WORK/medsam" \
  --efficientvit "$WORK/efficientvit" --dna "$WORK/dna" --monai "$WORK/monai" --plans "$SUITE/nnunet-plans.json"
"$PY" "$HERE/manifests.py" "$WORK/onnx" "$SUITE"
npx biome format --write "$SUITE" >/dev/null
npx tsx packages/suites/scripts/pin-suite.ts architectures-v1
npx biome format --write "$SUITE/suite.json" >/dev/null
