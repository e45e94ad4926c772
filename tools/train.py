"""Train a recognizer with MMEngine's runner.

The tool is ``mmvid_plugin/cli/train.py``; installed, ``mmvid-train``.
"""
from mmvid_plugin.cli.train import main

if __name__ == '__main__':
    main()
