"""How extracted frames lie on disk: MMAction2's rawframes layout as
denseflow writes it, one folder per video with ``img_00001.jpg`` ... and
the flow's x and y components as ``flow_x_00001.jpg`` / ``flow_y_00001.jpg``
(frame ``i`` to ``i + 1``), quantised to uint8 over [-FLOW_BOUND,
FLOW_BOUND] pixels (TSN's and MMAction2's bound)."""
RGB_TEMPLATE = 'img_{:05}.jpg'
FLOW_TEMPLATE = 'flow_{}_{:05d}.jpg'
FLOW_BOUND = 20.0


def frame_template(modality: str) -> str:
    """``RGB_TEMPLATE`` for 'RGB', ``FLOW_TEMPLATE`` for 'Flow' (MMAction2's
    ``filename_tmpl`` of a rawframes dataset)."""
    return RGB_TEMPLATE if modality == 'RGB' else FLOW_TEMPLATE


def rgb_name(index: int) -> str:
    """``img_<index>.jpg``, 1-based as MMAction2 reads them."""
    return RGB_TEMPLATE.format(index)


def flow_name(axis: str, index: int) -> str:
    """``flow_<axis>_<index>.jpg`` for ``axis`` 'x' or 'y'."""
    return FLOW_TEMPLATE.format(axis, index)


def flow_pattern(axis: str) -> str:
    """The glob pattern of one axis's flow files, ``flow_<axis>_*.jpg``."""
    return FLOW_TEMPLATE.replace('{:05d}', '*').format(axis)
