#!/usr/bin/env bash
# Regenerates the standard-v1 reference models from scratch (maintainers only; not part of set-up or CI).
# Usage: bash packages/suites/training/run.sh   (from the repository root; ~15 min on 2 CPU cores)
set -euo pipefail
data="${EDGESEG_TRAINING_DATA:-/tmp/edgeseg-phantom}"
npx tsx packages/phantom/scripts/generate.ts --out "$data/train" --split train
npx tsx packages/phantom/scripts/generate.ts --out "$data/test" --split test
# Debian's interpreter: it has python3-torch, python3-onnx and python3-nibabel.
/usr/bin/python3 packages/suites/training/train.py --train "$data/train" --test "$data/test"
npx biome format --write packages/suites/standard-v1
npx tsx packages/suites/scripts/pin-suite.ts standard-v1
npx biome format --write packages/suites/standard-v1
npx vitest run --project suites
