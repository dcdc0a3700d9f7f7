"""Builds each architecture of architectures-v1 from its public code with seeded random weights and exports ONNX.

    /usr/bin/python3 packages/suites/architectures/export.py --out <dir> --medsam-lite <dir> --medsam <dir> \
        --efficientvit <dir> --dna <dir> --monai <dir> --plans <nnunet-plans.json> [--only name,...]

Each --<repo> is a checkout of that repository at the commit README.md names (run.sh makes them from
snapshots). Nothing is trained and no checkpoint is read: torch.manual_seed(0), the modules' own
initialisation, eval mode, torch.onnx.export at opset 17 (SwinUNETR: 16). Writes <out>/<model>/<graph>.onnx and
<out>/export.json (parameter count per graph, from the module, and input/output shapes).
"""

import argparse
import json
import os
import sys
from functools import partial

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stubs  # noqa: E402

torch.set_num_threads(2)
OPSET = 17  # SAM and nnU-Net graphs; SwinUNETR needs 16 with torch 1.13 (swin_unetr())
stubs.install_timm()
stubs.install_einops()
stubs.install_efficientvit_stubs()  # torchvision, triton, omegaconf: imported at module level, unused here


def params(module):
    return sum(p.numel() for p in module.parameters())


class BoxDecoder(nn.Module):
    """SAM prompt encoder + mask decoder for one box: what MedSAM's and LiteMedSAM's inference runs per box.

    Inputs image_embeddings [1, 256, 64, 64] and boxes [1, 4] (x0, y0, x1, y1 in the encoder input's
    pixels); output the single-mask low-resolution logits [1, 1, 256, 256] (multimask_output=False, as
    MedSAM_Inference.py and CVPR24_LiteMedSAM_infer.py call it). box_scale maps the encoder frame to the
    prompt encoder's (2 for EfficientViT-SAM: image 512, prompts 1024).
    """

    def __init__(self, prompt_encoder, mask_decoder, box_scale=1.0):
        super().__init__()
        self.prompt_encoder = prompt_encoder
        self.mask_decoder = mask_decoder
        self.box_scale = box_scale

    def forward(self, image_embeddings, boxes):
        sparse, dense = self.prompt_encoder(points=None, boxes=boxes * self.box_scale, masks=None)
        masks, _iou = self.mask_decoder(
            image_embeddings=image_embeddings,
            image_pe=self.prompt_encoder.get_dense_pe(),
            sparse_prompt_embeddings=sparse,
            dense_prompt_embeddings=dense,
            multimask_output=False,
        )
        return masks


def export(module, inputs, names_in, names_out, path, dynamic=None, opset=OPSET):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    module.eval()
    with torch.no_grad():
        outputs = module(*inputs)
        torch.onnx.export(module, tuple(inputs), path, opset_version=opset, input_names=names_in,
                          output_names=names_out, dynamic_axes=dynamic, do_constant_folding=True)
    outputs = outputs if isinstance(outputs, (list, tuple)) else [outputs]
    return {"file": os.path.relpath(path, ARGS.out), "opset": opset, "parameters": params(module),
            "inputs": {n: list(t.shape) for n, t in zip(names_in, inputs)},
            "outputs": {n: list(t.shape) for n, t in zip(names_out, outputs)}}


def sam_pair(name, encoder, prompt_encoder, mask_decoder, side, box_scale=1.0):
    torch.manual_seed(0)
    enc = export(encoder, [torch.rand(1, 3, side, side)], ["image"], ["image_embeddings"],
                 os.path.join(ARGS.out, name, "encoder.onnx"))
    dec = export(BoxDecoder(prompt_encoder, mask_decoder, box_scale),
                 [torch.rand(1, 256, 64, 64), torch.tensor([[side * 0.25, side * 0.3, side * 0.6, side * 0.7]])],
                 ["image_embeddings", "boxes"], ["masks"], os.path.join(ARGS.out, name, "decoder.onnx"))
    return {"encoder": enc, "decoder": dec}


def sam_heads(segment_anything, image_size):
    """Prompt encoder and mask decoder as segment_anything/build_sam.py and the LiteMedSAM script build them."""
    m = segment_anything.modeling
    prompt = m.PromptEncoder(embed_dim=256, image_embedding_size=(64, 64), input_image_size=(image_size, image_size),
                             mask_in_chans=16)
    decoder = m.MaskDecoder(num_multimask_outputs=3,
                            transformer=m.TwoWayTransformer(depth=2, embedding_dim=256, mlp_dim=2048, num_heads=8),
                            transformer_dim=256, iou_head_depth=3, iou_head_hidden_dim=256)
    return prompt, decoder


def litemedsam():
    sys.path.insert(0, ARGS.medsam_lite)
    import segment_anything
    from tiny_vit_sam import TinyViT

    torch.manual_seed(0)
    # CVPR24_LiteMedSAM_infer.py (LiteMedSAM branch): medsam_lite_image_encoder, _prompt_encoder, _mask_decoder
    encoder = TinyViT(img_size=256, in_chans=3, embed_dims=[64, 128, 160, 320], depths=[2, 2, 6, 2],
                      num_heads=[2, 4, 5, 10], window_sizes=[7, 7, 14, 7], mlp_ratio=4.0, drop_rate=0.0,
                      drop_path_rate=0.0, use_checkpoint=False, mbconv_expand_ratio=4.0, local_conv_size=3,
                      layer_lr_decay=0.8)
    prompt, decoder = sam_heads(segment_anything, 256)
    sys.path.remove(ARGS.medsam_lite)
    for k in [k for k in sys.modules if k == "segment_anything" or k.startswith("segment_anything.")]:
        del sys.modules[k]
    return sam_pair("litemedsam", encoder, prompt, decoder, 256)


def medsam_vit_b():
    sys.path.insert(0, ARGS.medsam)
    import segment_anything
    from segment_anything.modeling import ImageEncoderViT

    torch.manual_seed(0)
    # segment_anything/build_sam.py build_sam_vit_b -> _build_sam (which insists on a checkpoint path, so
    # its arguments are repeated here): MedSAM is SAM ViT-B fine-tuned, the same graph.
    encoder = ImageEncoderViT(depth=12, embed_dim=768, img_size=1024, mlp_ratio=4,
                              norm_layer=partial(torch.nn.LayerNorm, eps=1e-6), num_heads=12, patch_size=16,
                              qkv_bias=True, use_rel_pos=True, global_attn_indexes=[2, 5, 8, 11], window_size=14,
                              out_chans=256)
    prompt, decoder = sam_heads(segment_anything, 1024)
    out = sam_pair("medsam-vit-b", encoder, prompt, decoder, 1024)
    out["total_parameters"] = params(encoder) + params(prompt) + params(decoder)
    sys.path.remove(ARGS.medsam)
    return out


def efficientvit_sam_l0():
    sys.path.insert(0, ARGS.medsam)  # efficientvit's sam.py imports SAM's prompt encoder and mask decoder
    sys.path.insert(0, ARGS.efficientvit)
    from efficientvit.models.efficientvit.sam import efficientvit_sam_l0 as build

    torch.manual_seed(0)
    sam = build(image_size=512)  # MedficientSAM-L0: image 512 x 512, prompts in the 1024 frame
    out = sam_pair("efficientvit-sam-l0", sam.image_encoder, sam.prompt_encoder, sam.mask_decoder, 512, 2.0)
    out["total_parameters"] = params(sam)
    return out


def nnunet(config):
    sys.path.insert(0, ARGS.dna)
    from dynamic_network_architectures.architectures.unet import PlainConvUNet

    with open(ARGS.plans) as f:
        plans = json.load(f)
    cfg = plans["configurations"][config]
    a = cfg["architecture"]["arch_kwargs"]
    dims = len(cfg["patch_size"])
    conv = nn.Conv3d if dims == 3 else nn.Conv2d
    norm = nn.InstanceNorm3d if dims == 3 else nn.InstanceNorm2d
    torch.manual_seed(0)
    # nnunetv2 get_network_from_plans: the plans' arch_kwargs, deep supervision off for inference
    net = PlainConvUNet(1, a["n_stages"], a["features_per_stage"], conv, a["kernel_sizes"], a["strides"],
                        a["n_conv_per_stage"], len(LABELS), a["n_conv_per_stage_decoder"],
                        conv_bias=a["conv_bias"], norm_op=norm, norm_op_kwargs=a["norm_op_kwargs"],
                        nonlin=nn.LeakyReLU, nonlin_kwargs=a["nonlin_kwargs"], deep_supervision=False)
    name = "nnunet-3d-fullres" if dims == 3 else "nnunet-2d"
    spatial = ["z", "y", "x"][-dims:]
    dynamic = {"image": {0: "batch"}, "logits": {0: "batch"}}
    model = export(net, [torch.rand(1, 1, *cfg["patch_size"])], ["image"], ["logits"],
                   os.path.join(ARGS.out, name, "model.onnx"), dynamic)
    return {"model": model, "plans": {"configuration": config, "patch_size": cfg["patch_size"],
                                      "spacing": cfg["spacing"], "features_per_stage": a["features_per_stage"],
                                      "strides": a["strides"], "kernel_sizes": a["kernel_sizes"], "axes": spatial}}


def swin_unetr():
    sys.path.insert(0, ARGS.monai)
    from monai.networks.nets.swin_unetr import SwinUNETR

    torch.manual_seed(0)
    # BTCV setting of the SwinUNETR paper / MONAI tutorial: 96^3 patches, feature_size 48, 14 classes
    net = SwinUNETR(in_channels=1, out_channels=14, feature_size=48, use_checkpoint=False)
    # Opset 16: at 17, torch 1.13 exports SwinUNETR's weightless F.layer_norm (proj_out) as a
    # LayerNormalization node without its required scale input, which onnx's checker refuses; at 16
    # the layer norm is decomposed into ReduceMean/Sub/Pow/Sqrt/Div, the same arithmetic.
    return {"model": export(net, [torch.rand(1, 1, 96, 96, 96)], ["image"], ["logits"],
                            os.path.join(ARGS.out, "swin-unetr", "model.onnx"), opset=16)}


# BTCV's 13 organs + background (nnunet_plans.py): the output channels of every target-specific network here
LABELS = list(range(14))

BUILDERS = {
    "litemedsam": litemedsam,
    "medsam-vit-b": medsam_vit_b,
    "efficientvit-sam-l0": efficientvit_sam_l0,
    "nnunet-2d": partial(nnunet, "2d"),
    "nnunet-3d-fullres": partial(nnunet, "3d_fullres"),
    "swin-unetr": swin_unetr,
}

if __name__ == "__main__":
    p = argparse.ArgumentParser()
    for flag in ("out", "medsam-lite", "medsam", "efficientvit", "dna", "monai", "plans"):
        p.add_argument(f"--{flag}", required=True)
    p.add_argument("--only", default=",".join(BUILDERS))
    ARGS = p.parse_args()
    ARGS.out = os.path.abspath(ARGS.out)
    summary_path = os.path.join(ARGS.out, "export.json")
    summary = json.load(open(summary_path)) if os.path.exists(summary_path) else {}
    for name in ARGS.only.split(","):
        print(f"exporting {name}", flush=True)
        summary[name] = BUILDERS[name]()
        with open(summary_path, "w") as f:
            json.dump(summary, f, indent=2)
            f.write("\n")
