"""Speed and memory benchmarks.

The tool is ``mmvid_plugin/cli/benchmark.py``; installed, ``mmvid-benchmark``.
"""
from mmvid_plugin.cli.benchmark import main

if __name__ == '__main__':
    main()
