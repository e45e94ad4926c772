"""TSN's RGB-difference modality (Wang et al., ECCV 2016, Sec. 3.2)."""
import numpy as np
from mmaction.registry import TRANSFORMS
from mmcv.transforms import BaseTransform


@TRANSFORMS.register_module()
class RGBDifference(BaseTransform):
    """Turn each clip of L+1 RGB frames into L stacked frame differences.

    Place after decoding (and cropping), before ``FormatShape('NCHW')``.
    Each clip becomes one float32 array of shape ``(H, W, 3L)``: the
    differences ``frame[t+1] - frame[t]`` stacked along channels, as the
    official code feeds a 3L-channel first conv (L = ``new_length`` = 5;
    tsn-pytorch ``models.py`` ``_get_diff`` and ``_construct_diff_model``,
    ``dataset.py`` loading L + 1 frames).
    Sample clips with ``clip_len = L + 1``.
    """

    def transform(self, results: dict) -> dict:
        clip_len = results['clip_len']
        imgs = results['imgs']
        if clip_len < 2 or len(imgs) % clip_len:
            raise ValueError(
                f'RGBDifference: {len(imgs)} frames in clips of {clip_len}; '
                'expected clip_len >= 2 (sample L + 1 frames per clip) and '
                'whole clips')
        frames = np.stack(imgs).astype(np.float32)
        clips = frames.reshape((-1, clip_len) + frames.shape[1:])
        diffs = clips[:, 1:] - clips[:, :-1]  # [clips, L, H, W, 3]
        stacked = diffs.transpose(0, 2, 3, 1, 4).reshape(
            diffs.shape[0], diffs.shape[2], diffs.shape[3], -1)
        results['imgs'] = list(stacked)  # each (H, W, 3L)
        results['clip_len'] = 1
        results['modality'] = 'RGBDiff'
        return results
