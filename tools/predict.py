"""Predict the classes of one video.

The tool is ``mmvid_plugin/cli/predict.py``; installed, ``mmvid-predict``.
"""
from mmvid_plugin.cli.predict import main

if __name__ == '__main__':
    main()
