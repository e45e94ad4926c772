"""Test a recognizer.

The tool is ``mmvid_plugin/cli/test.py``; installed, ``mmvid-test``.
"""
from mmvid_plugin.cli.test import main

if __name__ == '__main__':
    main()
