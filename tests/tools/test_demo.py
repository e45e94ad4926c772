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
