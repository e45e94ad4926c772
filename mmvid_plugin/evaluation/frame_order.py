"""Does a recognizer use the order of frames? Each clip is classified as it
is and played backwards. An order-free model (TSN averaging, temporal
pooling, a transformer whose time embedding carries nothing) gives the same
scores both ways; on a dataset whose classes have time-reversed twins
(MotionDigits) a model that uses order predicts the twin for the reversed
clip, and an order-free one confuses exactly those twins."""
from typing import Dict, Optional, Sequence

import numpy as np
import torch

from ..utils.progress import ProgressLine


def reversed_in_time(inputs: Sequence[torch.Tensor]) -> list:
    """[clips, C, T, H, W] inputs with their frames in reverse order."""
    if any(x.dim() != 5 for x in inputs):
        shapes = sorted({tuple(x.shape) for x in inputs})
        raise ValueError(f'frame-order check: expected inputs of shape '
                         f'[clips, C, T, H, W] (FormatShape NCTHW), got '
                         f'{shapes}; 2D (NCHW) pipelines fold time into '
                         f'the batch and cannot be reversed here')
    return [x.flip(2) for x in inputs]


def predict_both_ways(model, dataloader):
    """(labels, predictions, predictions of the reversed clips), [videos]."""
    labels, forward, backward = [], [], []
    progress = ProgressLine(len(dataloader.dataset), unit='videos')
    model.eval()
    with torch.no_grad():
        for data in dataloader:
            flipped = dict(data, inputs=reversed_in_time(data['inputs']))
            for out, batch in ((forward, data), (backward, flipped)):
                out += [int(s.pred_score.argmax())
                        for s in model.test_step(batch)]
            labels += [int(s.gt_label) for s in data['data_samples']]
            progress.update(len(data['data_samples']))
    return tuple(np.asarray(v) for v in (labels, forward, backward))


def frame_order_report(labels: np.ndarray, forward: np.ndarray,
                       backward: np.ndarray,
                       twin: Optional[Sequence[int]] = None
                       ) -> Dict[str, float]:
    """top1 (clips as they are), changed_by_reversal (share of clips whose
    prediction changes); with ``twin`` (class -> its time-reversed class):
    reversed_top1 (reversed clips against their twins' labels) and
    twin_share_of_errors."""
    report = dict(top1=float(np.mean(forward == labels)),
                  changed_by_reversal=float(np.mean(forward != backward)))
    if twin is not None:
        twin = np.asarray(twin)
        wrong = forward != labels
        report['reversed_top1'] = float(np.mean(backward == twin[labels]))
        report['twin_share_of_errors'] = float(
            np.mean(forward[wrong] == twin[labels[wrong]])) if wrong.any() \
            else 0.0
    return report
