#!/usr/bin/python3
"""Reference gradients and optimizer updates for edgeseg's generated training graphs, from torch autograd.

An independent check of packages/finetune: this script does not read the generated training graph. It
interprets the trainable part's ONNX forward graph with torch operations (no onnx2torch: each op below is
written from the ONNX operator specification), computes the same loss, and lets torch autograd (in
float64) differentiate it. The optimizer check applies torch.optim.Adam / SGD to given gradients.

Usage: /usr/bin/python3 grad_check.py <job.json>
  job.json: {"cases": [case, ...], "out": "<directory>"}
  case (kind "grad"): {"id", "kind": "grad", "model": "<trainable.onnx>", "params": [names], "loss": ...,
                       "feeds": {name: {"file", "dims", "dtype": "float32" | "int64"}}}
  case (kind "optim"): {"id", "kind": "optim", "optimizer": {"name", "lr", ...},
                        "params": [{"name", "dims", "file"}], "grads": [[{"name", "file"}...] per step]}
Writes <out>/<id>.json: {"loss": float, "tensors": {name: "<file>"}} with float32 little-endian files.
"""

import json
import os
import sys

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

torch.set_num_threads(2)


def attrs(node):
    out = {}
    for a in node.attribute:
        out[a.name] = onnx.helper.get_attribute_value(a)
        if isinstance(out[a.name], bytes):
            out[a.name] = out[a.name].decode()
    return out


def spatial_pad(x, pads):
    """ONNX pads [b1, b2, ..., e1, e2, ...] -> F.pad's (last-axis-first) order."""
    r = len(pads) // 2
    order = []
    for i in reversed(range(r)):
        order += [pads[i], pads[i + r]]
    return F.pad(x, order)


def conv(x, w, b, a):
    r = w.dim() - 2
    pads = a.get("pads", [0] * 2 * r)
    x = spatial_pad(x, pads)
    fn = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}[r]
    return fn(x, w, b, stride=a.get("strides", [1] * r), dilation=a.get("dilations", [1] * r),
              groups=a.get("group", 1))


def conv_transpose(x, w, b, a):
    r = w.dim() - 2
    strides = a.get("strides", [1] * r)
    dil = a.get("dilations", [1] * r)
    pads = a.get("pads", [0] * 2 * r)
    op = a.get("output_padding", [0] * r)
    fn = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}[r]
    y = fn(x, w, None, stride=strides, output_padding=op, groups=a.get("group", 1), dilation=dil)
    index = [slice(None), slice(None)]
    for i in range(r):
        index.append(slice(pads[i], y.shape[2 + i] - pads[i + r]))
    y = y[tuple(index)]
    if b is not None:
        y = y + b.reshape([1, -1] + [1] * r)
    return y


def reshape(x, shape, a):
    shape = [int(v) for v in shape.tolist()]
    if not a.get("allowzero", 0):
        shape = [x.shape[i] if v == 0 else v for i, v in enumerate(shape)]
    return x.reshape(shape)


def gemm(A, B, C, a):
    if a.get("transA", 0):
        A = A.t()
    if a.get("transB", 0):
        B = B.t()
    y = a.get("alpha", 1.0) * (A @ B)
    return y if C is None else y + a.get("beta", 1.0) * C


def slice_op(x, starts, ends, axes=None, steps=None):
    axes = list(range(len(starts))) if axes is None else axes.tolist()
    steps = [1] * len(axes) if steps is None else steps.tolist()
    index = [slice(None)] * x.dim()
    for ax, s, e, st in zip(axes, starts.tolist(), ends.tolist(), steps):
        index[ax] = slice(int(s), int(min(e, x.shape[ax])), int(st))
    return x[tuple(index)]


def reduce(x, axes, a, mean):
    if axes is None:
        axes = a.get("axes")
    elif not isinstance(axes, list):
        axes = [int(v) for v in axes.tolist()]
    keep = bool(a.get("keepdims", 1))
    fn = torch.mean if mean else torch.sum
    if not axes:
        y = fn(x)
        return y.reshape([1] * x.dim()) if keep else y
    return fn(x, dim=axes, keepdim=keep)


def layer_norm(x, scale, bias, a):
    axis = a.get("axis", -1) % x.dim()
    return F.layer_norm(x, list(x.shape[axis:]), scale, bias, a.get("epsilon", 1e-5))


OPS = {
    "LayerNormalization": lambda i, a: layer_norm(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "ReduceSum": lambda i, a: reduce(i[0], i[1] if len(i) > 1 else None, a, False),
    "ReduceMean": lambda i, a: reduce(i[0], i[1] if len(i) > 1 else None, a, True),
    "Pow": lambda i, a: torch.pow(i[0], i[1]),
    "Conv": lambda i, a: conv(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "ConvTranspose": lambda i, a: conv_transpose(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "InstanceNormalization": lambda i, a: F.instance_norm(i[0], weight=i[1], bias=i[2], eps=a.get("epsilon", 1e-5)),
    "LeakyRelu": lambda i, a: F.leaky_relu(i[0], a.get("alpha", 0.01)),
    "Relu": lambda i, a: F.relu(i[0]),
    "Sigmoid": lambda i, a: torch.sigmoid(i[0]),
    "Tanh": lambda i, a: torch.tanh(i[0]),
    "Erf": lambda i, a: torch.erf(i[0]),
    "Gelu": lambda i, a: F.gelu(i[0], approximate=a.get("approximate", "none")),
    "Exp": lambda i, a: torch.exp(i[0]),
    "Log": lambda i, a: torch.log(i[0]),
    "Sqrt": lambda i, a: torch.sqrt(i[0]),
    "Neg": lambda i, a: -i[0],
    "Identity": lambda i, a: i[0],
    "Add": lambda i, a: i[0] + i[1],
    "Sub": lambda i, a: i[0] - i[1],
    "Mul": lambda i, a: i[0] * i[1],
    "Div": lambda i, a: i[0] / i[1],
    "Min": lambda i, a: torch.minimum(i[0], i[1]),
    "MatMul": lambda i, a: torch.matmul(i[0], i[1]),
    "Gemm": lambda i, a: gemm(i[0], i[1], i[2] if len(i) > 2 else None, a),
    "Softmax": lambda i, a: torch.softmax(i[0], a.get("axis", -1)),
    "Concat": lambda i, a: torch.cat(i, a["axis"]),
    "Reshape": lambda i, a: reshape(i[0], i[1], a),
    "Transpose": lambda i, a: i[0].permute(a["perm"]) if "perm" in a else i[0].permute(*reversed(range(i[0].dim()))),
    "Shape": lambda i, a: torch.tensor(list(i[0].shape), dtype=torch.int64),
    "Expand": lambda i, a: i[0] * torch.ones([int(v) for v in i[1].tolist()], dtype=i[0].dtype),
    "Where": lambda i, a: torch.where(i[0], i[1], i[2]),
    "Equal": lambda i, a: i[0] == i[1],
    "Greater": lambda i, a: i[0] > i[1],
    "ConstantOfShape": lambda i, a: torch.full([int(v) for v in i[0].tolist()], float(numpy_helper.to_array(a["value"])[0]) if "value" in a else 0.0).to(torch.int64 if "value" in a and a["value"].data_type == 7 else torch.float64),
    "Slice": lambda i, a: slice_op(*i),
    "Unsqueeze": lambda i, a: i[0].reshape([*i[0].shape[:int(i[1][0])], 1, *i[0].shape[int(i[1][0]):]]),
    "Flatten": lambda i, a: i[0].reshape(int(np.prod(i[0].shape[:a.get("axis", 1)])), -1),
}


DTYPE = torch.float64


def to_torch(arr):
    t = torch.from_numpy(np.array(arr))
    return t.to(DTYPE) if t.is_floating_point() else t


def forward(model, env):
    for node in model.graph.node:
        a = attrs(node)
        if node.op_type == "Constant":
            value = to_torch(numpy_helper.to_array(a["value"]))
            env[node.output[0]] = value
            continue
        fn = OPS.get(node.op_type)
        if fn is None:
            raise SystemExit(f"grad_check.py: no reference for op {node.op_type} (node {node.name})")
        inputs = [env[n] if n else None for n in node.input]
        while inputs and inputs[-1] is None:
            inputs.pop()
        env[node.output[0]] = fn(inputs, a)
    return [env[o.name] for o in model.graph.output]


def loss_of(name, y, target):
    if name == "softmax-cross-entropy":
        return F.cross_entropy(y, target)
    if name == "sigmoid-bce-dice":
        p = torch.sigmoid(y)
        dice = 1 - (2 * (p * target).sum() + 1) / (p.sum() + target.sum() + 1)
        return F.binary_cross_entropy_with_logits(y, target) + dice
    if name == "weighted-sum":
        return (y * target).sum()
    raise SystemExit(f"grad_check.py: unknown loss {name}")


def read(spec):
    dtype = np.int64 if spec.get("dtype") == "int64" else np.float32
    return np.fromfile(spec["file"], dtype=dtype).reshape(spec["dims"])


def write(out, case_id, name, t):
    file = os.path.join(out, f"{case_id}.{len(os.listdir(out))}.bin")
    t.detach().to(torch.float32).contiguous().numpy().astype("<f4").tofile(file)
    return file


def grad_case(case, out):
    model = onnx.load(case["model"])
    env = {}
    params = {}
    for init in model.graph.initializer:
        t = to_torch(numpy_helper.to_array(init))
        if init.name in case["params"]:
            t = t.clone().requires_grad_(True)
            params[init.name] = t
        env[init.name] = t
    for name, spec in case["feeds"].items():
        env[name] = to_torch(read(spec))
    (y,) = forward(model, env)
    loss = loss_of(case["loss"], y, env["target"])
    loss.backward()
    tensors = {n: write(out, case["id"], n, p.grad) for n, p in params.items()}
    return {"loss": loss.item(), "tensors": tensors}


def optim_case(case, out):
    params = [torch.from_numpy(read(p)).clone().requires_grad_(True) for p in case["params"]]
    o = case["optimizer"]
    if o["name"] == "adam":
        opt = torch.optim.Adam(params, lr=o["lr"], betas=(o.get("beta1", 0.9), o.get("beta2", 0.999)),
                               eps=o.get("epsilon", 1e-8))
    else:
        opt = torch.optim.SGD(params, lr=o["lr"])
    tensors = {}
    for step, grads in enumerate(case["grads"], start=1):
        for p, g in zip(params, grads):
            p.grad = torch.from_numpy(read(g))
        opt.step()
        for spec, p in zip(case["params"], params):
            tensors[f"{spec['name']}@{step}"] = write(out, case["id"], spec["name"], p)
    return {"loss": None, "tensors": tensors}


def main():
    global DTYPE
    job = json.load(open(sys.argv[1]))
    # float64 by default: the reference is then exact to far below float32's rounding.
    DTYPE = torch.float32 if job.get("dtype") == "float32" else torch.float64
    out = job["out"]
    for case in job["cases"]:
        result = grad_case(case, out) if case["kind"] == "grad" else optim_case(case, out)
        with open(os.path.join(out, f"{case['id']}.json"), "w") as f:
            json.dump(result, f)


if __name__ == "__main__":
    main()
