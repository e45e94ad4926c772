"""The command-line tools, as ``mmvid-<tool>`` console commands of an
installed package, ``python -m mmvid_plugin.cli.<tool>``, or
``tools/<tool>.py`` in a checkout: train, test, predict,
convert_checkpoint, extract_flow, extract_features, benchmark, export.
Config arguments are files, or shipped configs such as
``configs/tsn_r50.py`` (``mmvid_plugin.resources.find_config``)."""
