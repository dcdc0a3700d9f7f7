"""Model manifests in the form packages/engine-core/src/manifest/schema.ts validates (checked by the suites
package's tests). Tensor shapes use "batch" for the dynamic batch axis."""
import hashlib

LABELS = {
    "1": "liver", "2": "spleen", "3": "kidney_right", "4": "kidney_left",
    "5": "aorta", "6": "inferior_vena_cava", "7": "stomach", "8": "pancreas",
}
INTENDED_USE = (
    "Trained on a synthetic phantom, for demonstrating and testing edgeseg, not for clinical use. "
    "It has never seen patient data and its accuracy on real CT is unknown."
)
WINDOW = {"kind": "ct-window", "level": 40, "width": 400}


def sha256_of(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tensor(name, shape, element_type="float32"):
    return {"name": name, "shape": shape, "elementType": element_type}


def source(dataset_sha):
    return (
        "edgeseg packages/suites/training (train.py), trained on phantom-abdomen-v1 train split "
        f"(24 cases, dataset sha256 {dataset_sha})"
    )


def unet_manifest(model_id, name, widths, params, onnx_path, dataset_sha):
    return {
        "id": model_id,
        "version": "1.0.0",
        "name": name,
        "description": (
            f"2D multi-organ U-Net in the nnU-Net style (stage widths {widths}, {params} parameters): "
            "conv-InstanceNorm-LeakyReLU blocks, strided-conv downsampling, transposed-conv upsampling, "
            "skip connections. Segments 8 abdominal organs slice by slice at 128 x 128."
        ),
        "family": "target-specific",
        "pipeline": "semantic-2d",
        "labels": LABELS,
        "preprocessing": {"intensity": WINDOW, "resize": [128, 128], "channels": 1, "scale": 1, "offset": 0},
        "trained": True,
        "intendedUse": INTENDED_USE,
        "license": "Apache-2.0",
        "source": source(dataset_sha),
        "fineTuning": {
            "supported": True,
            "notes": "Small enough to fine-tune on a CPU: the training recipe runs in minutes with 2 threads.",
            # The last decoder stage + head (docs/fine-tuning.md); tensor names of the exported graph.
            "trainableFrom": [
                "/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0",
                "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0",
            ],
            "loss": "softmax-cross-entropy",
        },
        "graphs": {
            "model": {
                "file": "model.onnx",
                "sha256": sha256_of(onnx_path),
                "inputs": [tensor("image", ["batch", 1, 128, 128])],
                "outputs": [tensor("logits", ["batch", 9, 128, 128])],
            }
        },
        "maxBatch": 8,
    }


def litemedsam_manifest(params, encoder_path, decoder_path, dataset_sha):
    return {
        "id": "litemedsam-phantom",
        "version": "1.0.0",
        "name": "LiteMedSAM-shaped promptable model (phantom)",
        "description": (
            f"A promptable pair shaped like LiteMedSAM ({params} parameters): a CNN image encoder run once "
            "per slice (3 x 256 x 256 -> 32 x 64 x 64 embeddings) and a light decoder run once per box "
            "prompt (x0, y0, x1, y1 in 256-pixel input coordinates) returning 256 x 256 mask logits."
        ),
        "family": "foundation",
        "pipeline": "promptable-2d",
        "labels": LABELS,
        "preprocessing": {"intensity": WINDOW, "resize": [256, 256], "channels": 3, "scale": 255, "offset": 0},
        "trained": True,
        "intendedUse": INTENDED_USE,
        "license": "Apache-2.0",
        "source": source(dataset_sha),
        "fineTuning": {
            "supported": True,
            "notes": "The decoder alone (about a third of the parameters) can be fine-tuned with box prompts.",
            # The whole mask decoder after the prompt map is joined (docs/fine-tuning.md).
            "trainableFrom": ["/Concat_1_output_0"],
            "loss": "sigmoid-bce-dice",
        },
        "graphs": {
            "encoder": {
                "file": "encoder.onnx",
                "sha256": sha256_of(encoder_path),
                "inputs": [tensor("image", [1, 3, 256, 256])],
                "outputs": [tensor("image_embeddings", [1, 32, 64, 64])],
            },
            "decoder": {
                "file": "decoder.onnx",
                "sha256": sha256_of(decoder_path),
                "inputs": [tensor("image_embeddings", [1, 32, 64, 64]), tensor("boxes", [1, 4])],
                "outputs": [tensor("masks", [1, 1, 256, 256])],
            },
        },
        "prompt": {"jitterPx": 0, "seed": 2024, "maskThreshold": 0},
        "maxBatch": 1,
    }
