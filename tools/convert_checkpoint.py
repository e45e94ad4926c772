"""Convert an official checkpoint.

The tool is ``mmvid_plugin/cli/convert_checkpoint.py``; installed,
``mmvid-convert-checkpoint``.
"""
from mmvid_plugin.cli.convert_checkpoint import main

if __name__ == '__main__':
    main()
