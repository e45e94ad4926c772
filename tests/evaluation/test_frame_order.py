"""Frame-order check: predictions of clips as they are and reversed."""
import numpy as np
import pytest
import torch
from mmaction.structures import ActionDataSample

from mmvid_plugin.datasets.motion_digits import CLASSES, TIME_REVERSED_TWIN
from mmvid_plugin.evaluation import frame_order_report, predict_both_ways
from mmvid_plugin.evaluation.frame_order import reversed_in_time


class BrightestFrame(torch.nn.Module):
    """Predicts the index of the brightest frame: order-aware."""

    def test_step(self, data):
        out = []
        for clip in data['inputs']:  # [clips, C, T, H, W]
            sample = ActionDataSample()
            sample.set_field(clip.float().mean((0, 1, 3, 4)), 'pred_score')
            out.append(sample)
        return out


class Loader(list):
    dataset = property(lambda self: range(sum(
        len(b['data_samples']) for b in self)))


def batch(brightest, frames=6):
    inputs, samples = [], []
    for index in brightest:
        clip = torch.zeros(1, 3, frames, 4, 4, dtype=torch.uint8)
        clip[:, :, index] = 255
        inputs.append(clip)
        samples.append(ActionDataSample().set_gt_label(index))
    return dict(inputs=inputs, data_samples=samples)


def test_reversal_reaches_the_model():
    loader = Loader([batch([0, 1]), batch([5, 2])])
    labels, forward, backward = predict_both_ways(BrightestFrame(), loader)
    assert labels.tolist() == forward.tolist() == [0, 1, 5, 2]
    assert backward.tolist() == [5, 4, 0, 3]
    report = frame_order_report(labels, forward, backward)
    assert report == dict(top1=1.0, changed_by_reversal=1.0)


def test_report_of_an_order_free_model_on_twins():
    twin = np.asarray(TIME_REVERSED_TWIN)
    labels = np.array([0, 1, 8, 9])
    forward = np.array([0, 0, 9, 9])  # right, twin, twin, right
    report = frame_order_report(labels, forward, forward.copy(), twin)
    assert report['top1'] == 0.5 and report['changed_by_reversal'] == 0.0
    assert report['reversed_top1'] == 0.5  # the twin label on reversal
    assert report['twin_share_of_errors'] == 1.0


def test_twins_are_the_reversed_classes():
    pairs = {(CLASSES[a], CLASSES[b]) for a, b in
             enumerate(TIME_REVERSED_TWIN)}
    assert ('zero_left', 'zero_right') in pairs and ('appear', 'vanish') in \
        pairs and ('one_down', 'one_up') in pairs
    assert all(TIME_REVERSED_TWIN[b] == a for a, b in
               enumerate(TIME_REVERSED_TWIN))


def test_frames_folded_into_the_batch_are_refused():
    with pytest.raises(ValueError, match=r'\[clips, C, T, H, W\]'):
        reversed_in_time([torch.zeros(8, 3, 4, 4)])
