"""Extract rawframes and optical flow from videos.

The tool is ``mmvid_plugin/cli/extract_flow.py``; installed,
``mmvid-extract-flow``.
"""
from mmvid_plugin.cli.extract_flow import main

if __name__ == '__main__':
    main()
