"""Pieces of tools/demo.py that do not need a full training run."""
import pytest

from tools.demo import best_checkpoint


def test_best_checkpoint_picks_the_newest(tmp_path):
    import os
    old, new = tmp_path / 'best_acc_top1_epoch_2.pth', \
        tmp_path / 'best_acc_top1_epoch_5.pth'
    old.write_bytes(b'')
    new.write_bytes(b'')
    os.utime(old, (1, 1))
    assert best_checkpoint(str(tmp_path)) == str(new)


def test_missing_best_checkpoint_names_the_work_dir(tmp_path):
    (tmp_path / 'epoch_1.pth').write_bytes(b'')
    with pytest.raises(FileNotFoundError, match=str(tmp_path)):
        best_checkpoint(str(tmp_path))


def test_demo_schedule_keeps_the_model_and_ends_at_the_last_iteration(
        tmp_path):
    from mmengine.config import Config

    from tests.helpers.runs import REPO
    from tools.demo import RUNS, iterations_per_epoch, write_schedule
    for demo in RUNS:
        config = f'{REPO}/{demo.config}'
        written = write_schedule(config, 2, str(tmp_path / 'demo.py'))
        short, full = Config.fromfile(written), Config.fromfile(config)
        assert short.model == full.model
        assert short.train_dataloader == full.train_dataloader
        assert short.optim_wrapper == full.optim_wrapper
        assert short.train_cfg.max_epochs == 2
        total = 2 * iterations_per_epoch(config)
        assert total == 2 * 1000 // 8  # MotionDigits' 1000 clips, batch 8
        warmup, cosine = short.param_scheduler
        assert (warmup.begin, warmup.end) == (0, total // 6)
        assert (cosine.begin, cosine.end) == (total // 6, total)
        assert cosine.T_max == total - total // 6
        assert not warmup.by_epoch and not cosine.by_epoch
