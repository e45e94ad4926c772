"""The compatibility layer fixes each known breakage of the pinned stack."""
import numpy as np
import pytest

import mmvid_plugin  # noqa: F401  (applies the fixes under test)

from tests.helpers.runs import run_python


def test_mmaction_models_import_and_drn_fails_clearly():
    import mmaction.models  # noqa: F401  (fails without the placeholder)
    from mmaction.registry import MODELS
    with pytest.raises(ImportError, match='lacks mmaction/models/localizers'):
        MODELS.build(dict(type='DRN'))


@pytest.mark.parametrize('order', [
    'import mmaction, mmaction.registry; import mmvid_plugin',
    'import mmvid_plugin; import mmaction.models',
])
def test_registration_before_or_after_mmaction(order):
    code = (f'{order}\nfrom mmaction.registry import MODELS, DATASETS\n'
            "assert MODELS.get('TinyVideoConvNet') is not None\n"
            "assert DATASETS.get('MotionDigitsDataset') is not None\n"
            "assert MODELS.get('TSNHead') is not None\nprint('ok')")
    assert 'ok' in run_python(['-c', code]).stdout


def test_removed_numpy_aliases_reach_mmaction_only():
    import mmaction.evaluation.functional.accuracy as accuracy
    import mmaction.evaluation.metrics.multimodal_metric as multimodal
    x, y = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0, 4.0])
    assert accuracy.np.trapz(y, x) == pytest.approx(np.trapezoid(y, x))
    assert multimodal.np.in1d([1, 5], [5]).tolist() == [False, True]


def test_proposal_auc_runs_on_numpy2():
    from mmaction.evaluation.functional import average_recall_at_avg_proposals
    ground_truth = {'v': np.array([[0.0, 10.0]])}
    proposals = {'v': np.array([[0.0, 10.0, 0.9], [20.0, 30.0, 0.1]])}
    *_, auc = average_recall_at_avg_proposals(
        ground_truth, proposals, total_num_proposals=2,
        max_avg_proposals=2)
    assert 0 < auc <= 100


def test_color_jitter_hue_on_uint8_matches_reference():
    import cv2
    from mmaction.datasets.transforms.processing import ColorJitter
    rng = np.random.default_rng(0)
    image = rng.integers(0, 256, (8, 8, 3), dtype=np.uint8).astype(np.float32)
    shifted = ColorJitter.adjust_hue(image, -0.1)  # raised OverflowError
    hsv = cv2.cvtColor(image.astype(np.uint8), cv2.COLOR_RGB2HSV)
    hsv[..., 0] = (hsv[..., 0].astype(int) - 25) % 180
    expected = cv2.cvtColor(hsv, cv2.COLOR_HSV2RGB)
    np.testing.assert_array_equal(shifted, expected.astype(np.float32))


def test_opencv_has_optflow():
    import cv2
    assert hasattr(cv2, 'optflow'), 'opencv-contrib-python must own cv2/'
    assert hasattr(cv2.optflow, 'DualTVL1OpticalFlow_create')


def test_cpu_distributed_patches_are_installed():
    import mmengine.dist.utils as dist_utils
    from mmengine.model import MMDistributedDataParallel
    assert getattr(dist_utils._init_dist_pytorch, '_mmvid_patched', False)
    assert getattr(MMDistributedDataParallel.__init__, '_mmvid_patched',
                   False)


def test_heads_take_bf16_scores():
    """bf16 autocast: the loss's top-k accuracy and the predictions (read
    with ``.numpy()`` by MMAction2) get float32 scores."""
    import torch
    from mmaction.models.heads import I3DHead
    from mmaction.structures import ActionDataSample
    head = I3DHead(num_classes=3, in_channels=4)
    scores = torch.randn(2, 3).to(torch.bfloat16)
    samples = [ActionDataSample().set_gt_label(i) for i in (0, 2)]
    losses = head.loss_by_feat(scores, samples)
    assert losses['loss_cls'].dtype == torch.float32
    predicted = head.predict_by_feat(scores, samples)
    assert predicted[0].pred_score.dtype == torch.float32
