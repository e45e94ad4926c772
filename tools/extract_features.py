"""Save a layer's activations per video.

The tool is ``mmvid_plugin/cli/extract_features.py``; installed,
``mmvid-extract-features``.
"""
from mmvid_plugin.cli.extract_features import main

if __name__ == '__main__':
    main()
