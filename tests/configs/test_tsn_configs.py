"""The TSN UCF101 configs train with the release's effective batch and
solver: scripts/train_tsn.sh runs `mpirun -np 4` with batch_size 32 per
process (models/ucf101/tsn_bn_inception_*_train_val.prototxt), 128 videos
per solver iteration, and the solvers' iteration counts are written for
that batch."""
import glob
import os.path as osp
import re

import pytest
from mmengine.config import Config

from tests.helpers.runs import REPO

RELEASE_BATCH = 4 * 32
#: modality -> (base_lr, milestones, max_iter, clip_gradients) of
#: models/ucf101/tsn_bn_inception_{rgb,flow}_solver.prototxt
RELEASE_SOLVERS = {'rgb': (0.001, [1500], 3500, 40),
                   'flow': (0.005, [10000, 16000], 18000, 20)}
UCF101_CONFIGS = sorted(glob.glob(osp.join(
    REPO, 'configs', 'tsn', 'tsn_r50_imagenet-pretrained_*ucf101*.py')))


def test_both_streams_have_a_config():
    modalities = {osp.basename(p)[:-3].rsplit('-', 1)[1]
                  for p in UCF101_CONFIGS}
    assert modalities == set(RELEASE_SOLVERS)


@pytest.mark.parametrize('path', UCF101_CONFIGS, ids=osp.basename)
def test_effective_batch_and_solver_follow_the_release(path):
    cfg = Config.fromfile(path)
    gpus, batch = map(int, re.search(r'_(\d+)xb(\d+)-',
                                     osp.basename(path)).groups())
    accumulation = cfg.optim_wrapper.get('accumulative_counts', 1)
    assert batch == cfg.train_dataloader.batch_size == 32
    assert gpus * batch * accumulation == RELEASE_BATCH
    assert cfg.auto_scale_lr.base_batch_size == RELEASE_BATCH
    lr, milestones, max_iters, clip = RELEASE_SOLVERS[
        osp.basename(path)[:-3].rsplit('-', 1)[1]]
    (scheduler, ) = cfg.param_scheduler
    assert cfg.optim_wrapper.optimizer.lr == lr
    assert cfg.optim_wrapper.clip_grad.max_norm == clip
    # MMEngine counts every batch as an iteration, accumulated or not
    assert scheduler.milestones == [m * accumulation for m in milestones]
    assert cfg.train_cfg.max_iters == max_iters * accumulation
    assert f'-{max_iters}it_' in osp.basename(path)
