"""Publish a trained checkpoint: weights and meta only.

    python tools/publish_model.py IN.pth OUT_STEM

writes ``OUT_STEM-<h>.pth`` (loads with ``torch.load(weights_only=True)``)
and ``OUT_STEM-<h>.safetensors``, each ``h`` the first 8 hex digits of that
file's own sha256. Every loader of this package (``tools/test.py``,
``load_from``, ``init_cfg``, the converter) verifies such a name and refuses
a file whose content does not match it.
"""
import argparse

import mmvid_plugin  # noqa: F401
from mmvid_plugin.engine.checkpoint_io import \
    load_checkpoint_safely
from mmvid_plugin.weights.release import publish


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('input', help='a checkpoint written by training')
    parser.add_argument('out_stem', help='output path without suffix')
    args = parser.parse_args(argv)
    for path in publish(load_checkpoint_safely(args.input, 'cpu'),
                        args.out_stem):
        print(path)


if __name__ == '__main__':
    main()
