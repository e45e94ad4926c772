"""Convert an official checkpoint into this package's layout.

    python tools/convert_checkpoint.py --from SOURCE SRC DST [--config CFG]

The source's converter identifies the model the file holds and picks its
config (``--config`` only when the file cannot tell), checks the converted
keys and shapes against that config's model, and writes ``DST`` atomically
with ``state_dict`` and ``meta`` (config, source, source file sha256). Load
it with ``load_from`` in that config, or fine-tune from the official file
directly with ``init_cfg=dict(type='ConvertedPretrained', source=SOURCE,
checkpoint=SRC)``.
"""
import argparse

import mmvid_plugin  # noqa: F401
from mmvid_plugin.engine.checkpoint_io import \
    save_checkpoint_atomically
from mmvid_plugin.weights import SOURCES, convert_file


def sources_help() -> str:
    lines = ['sources:']
    for name, source in sorted(SOURCES.items()):
        lines.append(f'  {name:22} {source.description}')
        for model, config in source.models.items():
            lines.append(f'  {"":24}{model}: {config}')
    return '\n'.join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__.split('\n')[1],
        epilog=sources_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('--from', dest='source', required=True,
                        choices=sorted(SOURCES), metavar='SOURCE',
                        help='the checkpoint format (listed below)')
    parser.add_argument('input', help='the official file')
    parser.add_argument('output', help='the converted checkpoint to write')
    parser.add_argument('--config', help='target config (or the source\'s '
                        'model name) when the file does not tell')
    args = parser.parse_args(argv)
    converted = convert_file(args.input, args.source, args.config)
    save_checkpoint_atomically(
        dict(state_dict=converted.state_dict, meta=converted.meta),
        args.output)
    model = converted.meta['source_model']
    print(f'{args.output}: {len(converted.state_dict)} tensors for '
          f'{converted.config} ({args.source} {model})')


if __name__ == '__main__':
    main()
