"""A trained recognizer as a file that runs without this package: ONNX,
TorchScript or a ``torch.export`` program, each checked on export.

What is exported is the recognizer from preprocessed input to class scores
(backbone, neck and head: ``_forward(inputs, stage='head')``), for one test
view of the config, shaped by its own test pipeline on synthetic media
(``zoo.view_input``): ``(1, 1, C, T, H, W)`` for 3D models, ``(1, K, C, H,
W)`` for 2D ones, one tensor per modality for two-stream fusion. The data
preprocessor (mean / std) stays outside, as MMAction2's deployment does.
The exported file is run on that input (onnxruntime on the CPU for ONNX)
and its scores must match the PyTorch model's within ``tolerance``.
"""
import dataclasses
from typing import Dict, Sequence

import numpy as np
import torch

from ..utils import check_choice
from ..utils.atomic import atomic_path

FORMATS = ('onnx', 'torchscript', 'export')
SUFFIXES = {'onnx': '.onnx', 'torchscript': '.pt', 'export': '.pt2'}
#: ONNX opset of ``torch.onnx.export`` (its dynamo exporter's default).
ONNX_OPSET = 18


class ExportMismatchError(RuntimeError):
    """The exported file's scores differ from the PyTorch model's."""


@dataclasses.dataclass
class ExportResult:
    """What was written and how close its scores came."""
    path: str
    format: str
    input_shapes: Dict[str, list]
    output_shape: list
    max_abs_difference: float


def view_input(cfg) -> Dict[str, torch.Tensor]:
    """The preprocessed input of one test view, by name (``inputs``, or the
    modalities of a multi-modal model)."""
    from ..zoo.measure import build_preprocessor
    from ..zoo.view_input import (SyntheticMedia, first_sample,
                                  preprocessed_inputs)
    with SyntheticMedia() as media:
        sample = first_sample(cfg, media)
    inputs = preprocessed_inputs(build_preprocessor(cfg), sample)
    return dict(inputs) if isinstance(inputs, dict) else dict(inputs=inputs)


def scores_net(model, names: Sequence[str]):
    """The recognizer as ``forward(*tensors) -> class scores``."""
    from ..zoo.measure import TensorForward
    keys = None if list(names) == ['inputs'] else list(names)
    return TensorForward(model, keys).eval()


def run_module(module, arrays) -> np.ndarray:
    """Scores of a loaded TorchScript / exported module on numpy inputs."""
    with torch.no_grad():
        return module(*map(torch.from_numpy, arrays)).numpy()


def write_onnx(net, tensors, names, path: str, opset: int):
    with atomic_path(path, suffix='.onnx') as temp:
        torch.onnx.export(net, tensors, temp, dynamo=True,
                          opset_version=opset, input_names=list(names),
                          output_names=['scores'], external_data=False)

    def run(*arrays):
        import onnxruntime
        session = onnxruntime.InferenceSession(
            path, providers=['CPUExecutionProvider'])
        feeds = {i.name: a for i, a in zip(session.get_inputs(), arrays)}
        return session.run(None, feeds)[0]
    return run


def write_torchscript(net, tensors, path: str):
    with torch.no_grad():
        traced = torch.jit.trace(net, tensors, check_trace=False)
    with atomic_path(path, suffix='.pt') as temp:
        traced.save(temp)

    return lambda *arrays: run_module(torch.jit.load(path), arrays)


def write_program(net, tensors, path: str):
    with torch.no_grad():
        program = torch.export.export(net, tensors)
    with atomic_path(path, suffix='.pt2') as temp:
        torch.export.save(program, temp)

    return lambda *arrays: run_module(torch.export.load(path).module(),
                                      arrays)


def export_recognizer(model, cfg, fmt: str, path: str,
                      tolerance: float = 1e-4,
                      opset: int = ONNX_OPSET) -> ExportResult:
    """Write ``model`` (a built recognizer of ``cfg``) as ``fmt`` to
    ``path`` and check the file's scores on one test view.

    Raises:
        ValueError: an unknown format.
        ExportMismatchError: the file's scores differ by more than
            ``tolerance`` (the file is left for inspection).
    """
    check_choice('export', 'format', fmt, FORMATS)
    model.eval()
    inputs = view_input(cfg)
    names, tensors = list(inputs), tuple(inputs.values())
    net = scores_net(model, names)
    with torch.no_grad():
        expected = net(*tensors).numpy()
    if fmt == 'onnx':
        run = write_onnx(net, tensors, names, path, opset)
    elif fmt == 'torchscript':
        run = write_torchscript(net, tensors, path)
    else:
        run = write_program(net, tensors, path)
    produced = run(*(t.numpy() for t in tensors))
    difference = float(np.abs(produced - expected).max())
    result = ExportResult(path, fmt,
                          {k: list(v.shape) for k, v in inputs.items()},
                          list(expected.shape), difference)
    if not difference <= tolerance:
        raise ExportMismatchError(
            f'{path}: the exported {fmt} scores differ from the PyTorch '
            f'model\'s by up to {difference:.3g} (tolerance {tolerance:g})')
    return result

