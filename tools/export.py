"""Export a trained recognizer (ONNX, TorchScript, torch.export).

The tool is ``mmvid_plugin/cli/export.py``; installed, ``mmvid-export``.
"""
from mmvid_plugin.cli.export import main

if __name__ == '__main__':
    main()
