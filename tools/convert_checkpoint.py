"""Convert a torchvision checkpoint into this package's layout.

    python tools/convert_checkpoint.py torchvision-video-resnet IN.pth OUT.pth

The output holds ``state_dict`` (plain tensors), written atomically; load it
with ``load_from`` in a config whose model matches (see the converter's
docstring for the backbone settings).
"""
import argparse
import os.path as osp
import sys

sys.path.insert(0, osp.dirname(osp.dirname(osp.abspath(__file__))))

import torch  # noqa: E402

from mmvid_plugin.convert import CONVERTERS  # noqa: E402
from mmvid_plugin.engine.checkpoint_io import (  # noqa: E402
    load_checkpoint_safely, save_checkpoint_atomically)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('source', choices=sorted(CONVERTERS))
    parser.add_argument('input')
    parser.add_argument('output')
    args = parser.parse_args(argv)
    state = load_checkpoint_safely(args.input, map_location='cpu')
    if isinstance(state, dict) and 'state_dict' in state:
        state = state['state_dict']
    converted = CONVERTERS[args.source](state)
    save_checkpoint_atomically(dict(state_dict=converted), args.output)
    print(f'{args.output}: {len(converted)} tensors')


if __name__ == '__main__':
    main()
