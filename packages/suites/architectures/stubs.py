"""Stand-ins for third-party packages the architecture repositories import but building a network never uses.

Debian's python3-torch 1.13 comes without timm, torchvision, triton, omegaconf, einops, batchgenerators
or SimpleITK, and the recipe installs nothing beyond Debian's packages. Each repository imports some of
them at module level for training, data loading or GPU kernels; the network code we build does not call
them, except timm's three helpers and einops.rearrange, given real implementations below. A stand-in that is called by mistake
returns an inert object, so a wrong export would fail loudly at torch.onnx.export, not silently.
"""

import importlib.abc
import importlib.machinery
import json
import os
import sys
import types
from typing import List, Tuple, Union

import torch
from torch import nn


class _Inert:
    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        return _Inert()

    def __getattr__(self, name):
        return _Inert()

    def __mro_entries__(self, bases):
        return ()


class _InertModule(types.ModuleType):
    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Inert()


class _InertFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def __init__(self, roots):
        self.roots = set(roots)

    def find_spec(self, fullname, path, target=None):
        if fullname.split(".")[0] in self.roots and fullname not in sys.modules:
            return importlib.machinery.ModuleSpec(fullname, self, is_package=True)
        return None

    def create_module(self, spec):
        module = _InertModule(spec.name)
        module.__path__ = []
        return module

    def exec_module(self, module):
        pass


def install_inert(roots):
    """Imports of these top-level packages (and their submodules) get inert modules, if not installed."""
    missing = []
    for root in roots:
        try:
            __import__(root)
        except ImportError:
            missing.append(root)
    sys.meta_path.append(_InertFinder(missing))


def _module(name, **attrs):
    m = types.ModuleType(name)
    m.__dict__.update(attrs)
    sys.modules[name] = m
    return m


# --- timm (TinyViT in MedSAM's LiteMedSAM branch imports DropPath, to_2tuple, trunc_normal_) ---------------
class DropPath(nn.Module):
    """Stochastic depth; identity at inference (the networks are exported in eval mode with rate 0)."""

    def __init__(self, drop_prob=0.0):
        super().__init__()
        self.drop_prob = drop_prob

    def forward(self, x):
        return x


def to_2tuple(x):
    return tuple(x) if isinstance(x, (list, tuple)) else (x, x)


def install_timm():
    if "timm" in sys.modules:
        return
    layers = _module("timm.models.layers", DropPath=DropPath, to_2tuple=to_2tuple,
                     trunc_normal_=nn.init.trunc_normal_)
    registry = _module("timm.models.registry", register_model=lambda f: f)
    models = _module("timm.models", layers=layers, registry=registry, __path__=[])
    _module("timm", models=models, __path__=[])
    sys.meta_path.append(_InertFinder(["timm"]))  # timm.data etc.: imported by training code only


# --- einops.rearrange (MONAI's SwinUNETR permutes channels last and back with it) -----------------------
def rearrange(x, pattern):
    """einops.rearrange for pure axis permutations ("b c d h w -> b d h w c"), the only form SwinUNETR uses."""
    left, right = (side.split() for side in pattern.split("->"))
    if sorted(left) != sorted(right) or len(left) != x.dim():
        raise ValueError(f"rearrange stand-in handles axis permutations only, not {pattern!r}")
    return x.permute(*[left.index(name) for name in right])


def install_einops():
    if "einops" not in sys.modules:
        _module("einops", rearrange=rearrange, __version__="0.8.0")


# --- nnunetv2's planner: batchgenerators' path helpers (star-imported, typing names included) -------------
def install_nnunet_stubs():
    def load_json(f):
        with open(f) as h:
            return json.load(h)

    def save_json(obj, f, sort_keys=True, indent=4):
        with open(f, "w") as h:
            json.dump(obj, h, sort_keys=sort_keys, indent=indent)

    def subfiles(folder, join=True, prefix=None, suffix=None, sort=True):
        names = [n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n))
                 and (prefix is None or n.startswith(prefix)) and (suffix is None or n.endswith(suffix))]
        names = [os.path.join(folder, n) if join else n for n in names]
        return sorted(names) if sort else names

    def subdirs(folder, join=True, prefix=None, suffix=None, sort=True):
        names = [n for n in os.listdir(folder) if os.path.isdir(os.path.join(folder, n))
                 and (prefix is None or n.startswith(prefix)) and (suffix is None or n.endswith(suffix))]
        names = [os.path.join(folder, n) if join else n for n in names]
        return sorted(names) if sort else names

    ops = dict(join=os.path.join, isfile=os.path.isfile, isdir=os.path.isdir, listdir=os.listdir,
               maybe_mkdir_p=lambda d: os.makedirs(d, exist_ok=True), load_json=load_json,
               save_json=save_json, subfiles=subfiles, subdirs=subdirs, List=List, Tuple=Tuple, Union=Union)
    _module("batchgenerators.utilities.file_and_folder_operations", **ops)
    install_inert(["batchgenerators", "SimpleITK", "tifffile", "blosc2", "acvl_utils", "skimage", "nibabel",
                   "pandas", "scipy", "tqdm", "matplotlib", "seaborn", "graphviz", "imagecodecs",
                   "dicom2nifti", "yaml", "threadpoolctl", "sklearn", "requests"])


# --- mit-han-lab/efficientvit: GPU kernels, configs and image transforms its modules import -------------
def install_efficientvit_stubs():
    install_inert(["triton", "omegaconf", "torchvision", "tqdm", "cv2", "PIL", "loguru", "diffusers",
                   "huggingface_hub", "torchprofile", "onnxsim", "wandb", "lpips", "accelerate", "transformers", "matplotlib", "pandas", "scipy", "yaml", "torchpack", "torchmetrics"])


__all__ = ["install_inert", "install_timm", "install_nnunet_stubs", "install_efficientvit_stubs"]
