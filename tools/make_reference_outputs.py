"""Make the reference outputs that the converter equivalence tests check.

For each model of a source, the official implementation is built, its
state dict's layout is written as a manifest (key, shape, dtype), the
layout is filled with reproducible values (``mmvid_plugin/weights/
seeded.py``), and its logits on a reproducible float64 input are stored in
``tests/data/reference_outputs/<source>/<model>.json``. CI fills the same
layout, converts it with our converter and compares our model's logits.

The official implementations do not belong in the project's environment.
Run this once in a separate one, outside the repository:

    python3 -m venv /tmp/refenv
    /tmp/refenv/bin/pip install torch==2.14.1 torchvision==0.29.1 \\
        transformers==5.24.0 pytorchvideo==0.1.5 fvcore==0.1.5.post20221221 \\
        iopath==0.1.10 simplejson==4.3.0 einops==0.8.2 av==18.1.0 \\
        timm==1.0.31 yacs==0.1.8 numpy==2.4.6
    /tmp/refenv/bin/python tools/make_reference_outputs.py torchvision
    /tmp/refenv/bin/python tools/make_reference_outputs.py timesformer \\
        --release-dir /path/to/TimeSformer  # a checkout of the release

The sources without torchvision (``pyslowfast``, ``pyslowfast-caffe2``,
``timesformer``, ``hf-timesformer``) also run on the CPU build of torch
2.13.0 with the other pins (no torchvision, timm or av); the
``pyslowfast-caffe2`` records and the TimeSformer ``-clip4x64`` ones were
made that way. Every record names the versions it ran with.

Each source's builders live in ``tools/reference_outputs/<source>.py`` and
name the code they run.
"""
import argparse
import importlib
import importlib.util
import os
import os.path as osp
import sys

import torch

HERE = osp.dirname(osp.abspath(__file__))
REPO = osp.dirname(HERE)
OUT = osp.join(REPO, 'tests', 'data', 'reference_outputs')
SOURCES = ('torchvision', 'pytorchvideo', 'pyslowfast', 'pyslowfast-caffe2',
           'timesformer', 'hf-timesformer', 'pytorch-i3d', 'googlenet-layout')


def load_seeded():
    """``mmvid_plugin/weights/seeded.py`` alone (numpy + torch only)."""
    path = osp.join(REPO, 'mmvid_plugin', 'weights', 'seeded.py')
    spec = importlib.util.spec_from_file_location('seeded', path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def versions() -> dict:
    found = {'torch': torch.__version__}
    for name in ('torchvision', 'transformers', 'pytorchvideo', 'numpy'):
        try:
            found[name] = importlib.import_module(name).__version__
        except ImportError:
            pass
    return found


def make(source: str, args, only=None) -> None:
    """Write one JSON record per model of ``source``.

    A builder module defines ``REFERENCE`` (the code it runs, for the
    record) and ``MODELS``: name -> ``build(args)`` returning
    ``(module, input_shape, forward)``, where ``forward(module, x)`` gives
    the pre-softmax logits of the seeded float64 input ``x``. Optionally
    ``SOURCE`` (the converter's source name, when the records go under
    another folder), ``MODEL_OF`` (record name -> converter model, for
    records of a model at another input size) and
    ``LAYOUT_ONLY`` (write the manifest alone: a layout that a mapping
    reads, with no model to compare) and
    ``load_seeded(module, seeded, args)``, which fills
    the module from a file in another layout and returns that layout's
    manifest (by default the module's own state dict is the layout).
    """
    seeded = load_seeded()
    builders = importlib.import_module(
        f'reference_outputs.{source.replace("-", "_")}')
    os.makedirs(osp.join(OUT, source), exist_ok=True)
    for name, build in builders.MODELS.items():
        if only and name not in only:
            continue
        module, input_shape, forward = build(args)
        path = osp.join(OUT, source, f'{name}.json')
        if getattr(builders, 'LAYOUT_ONLY', False):
            manifest = seeded.manifest_of(module.state_dict())
            seeded.write_reference(path, dict(
                source=source, model=name, reference=builders.REFERENCE,
                versions=versions(), manifest=manifest))
            print(f'{path}: {len(manifest)} tensors (layout only)')
            continue
        if hasattr(builders, 'load_seeded'):
            manifest = builders.load_seeded(module, seeded, args)
        else:
            manifest = seeded.manifest_of(module.state_dict())
            module.load_state_dict(seeded.seeded_state_dict(manifest),
                                   strict=True)
        module = module.double().eval()  # the values as stored, in float64
        x = seeded.seeded_input(input_shape)
        with torch.no_grad():
            logits = forward(module, x)
        seeded.write_reference(path, dict(
            source=getattr(builders, 'SOURCE', source),
            model=getattr(builders, 'MODEL_OF', {}).get(name, name),
            reference=builders.REFERENCE,
            versions=versions(), input_shape=list(input_shape),
            manifest=manifest, logits=logits.tolist()))
        print(f'{path}: {len(manifest)} tensors, logits '
              f'{tuple(logits.shape)}, max |logit| '
              f'{logits.abs().max().item():.3g}')


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source', choices=SOURCES)
    parser.add_argument('--release-dir', help='checkout of the official '
                        'release, for sources that are not packages')
    parser.add_argument('--only', nargs='*', help='model names to make')
    args = parser.parse_args(argv)
    sys.path.insert(0, HERE)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    make(args.source, args, args.only)


if __name__ == '__main__':
    main()
