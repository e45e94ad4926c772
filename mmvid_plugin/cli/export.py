"""Export a trained recognizer to ONNX, TorchScript or a torch.export
program, checked against PyTorch on one test view.

    python tools/export.py CONFIG CHECKPOINT OUT \
        --format onnx|torchscript|export

The file maps the preprocessed input of one test view (mean / std already
applied; the shape is printed) to class scores; ONNX uses opset 18 and is
checked with onnxruntime on the CPU (``pip install onnx onnxruntime
onnxscript``). The scores of the file must match PyTorch's within
--tolerance (1e-4), or the tool exits with an error.
"""
import argparse
import sys

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from mmengine.config import DictAction

from mmvid_plugin.resources import find_config
from mmvid_plugin.apis import load_model
from mmvid_plugin.apis.export import (FORMATS, ExportMismatchError,
                                      export_recognizer)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('config')
    parser.add_argument('checkpoint')
    parser.add_argument('out', help='file to write (.onnx, .pt, .pt2)')
    parser.add_argument('--format', required=True, choices=FORMATS)
    parser.add_argument('--tolerance', type=float, default=1e-4,
                        help='largest accepted score difference')
    parser.add_argument('--cfg-options', nargs='+', action=DictAction)
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    args.config = find_config(args.config)
    cfg, model = load_model(args.config, args.checkpoint, args.cfg_options)
    try:
        result = export_recognizer(model, cfg, args.format, args.out,
                                   tolerance=args.tolerance)
    except ExportMismatchError as error:
        sys.exit(f'error: {error}')
    shapes = ', '.join(f'{k} {v}' for k, v in result.input_shapes.items())
    print(f'{result.path}: {result.format}, input {shapes} -> scores '
          f'{result.output_shape}; largest difference from PyTorch '
          f'{result.max_abs_difference:.2g}')


if __name__ == '__main__':
    main()
