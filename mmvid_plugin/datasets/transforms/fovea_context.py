"""The fovea and context views of DeepVideo's multiresolution network
(Karpathy et al., CVPR 2014, Sec. 2.2)."""
from typing import List

import cv2
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


def fovea_context_views(frame: np.ndarray, view_size: int) -> List[np.ndarray]:
    """[context, fovea] of one (H, W, C) frame, each (view_size, view_size, C).

    Context: the whole frame resized to ``view_size`` (area interpolation,
    i.e. 2x2 averaging for the paper's 178 -> 89, as recalled). Fovea: the
    central
    ``view_size`` square at the frame's own resolution.
    """
    height, width = frame.shape[:2]
    if height < view_size or width < view_size:
        raise ValueError(f'FoveaContextViews: frame {height}x{width} is '
                         f'smaller than view_size={view_size}')
    context = cv2.resize(frame, (view_size, view_size),
                         interpolation=cv2.INTER_AREA)
    top, left = (height - view_size) // 2, (width - view_size) // 2
    fovea = frame[top:top + view_size, left:left + view_size]
    return [context.reshape(fovea.shape), np.ascontiguousarray(fovea)]


@TRANSFORMS.register_module()
class FoveaContextViews(BaseTransform):
    """Replace every frame by its context view followed by its fovea view.

    Place after cropping to the network's frame size (178 in the paper, as
    recalled)
    and before ``FormatShape('NCTHW')``. ``clip_len`` doubles, so a clip
    of one frame becomes (3, 2, view_size, view_size): time index 0 is the
    context stream's input and 1 the fovea's (``DeepVideoMultiresolution``
    reads them in that order).

    Args:
        view_size: Side of both views (89 in the paper, as recalled).
    """

    def __init__(self, view_size: int = 89):
        self.view_size = view_size

    def transform(self, results: dict) -> dict:
        results['imgs'] = [
            view for frame in results['imgs']
            for view in fovea_context_views(frame, self.view_size)
        ]
        results['clip_len'] = 2 * results['clip_len']
        results['img_shape'] = (self.view_size, self.view_size)
        return results

    def __repr__(self) -> str:
        return f'{type(self).__name__}(view_size={self.view_size})'
