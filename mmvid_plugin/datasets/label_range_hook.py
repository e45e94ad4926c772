"""``LabelRangeHook``: a label the head cannot predict stops the run
before its first step, naming the annotation line."""
from typing import Iterator, List, Optional, Tuple

from mmaction.registry import HOOKS
from mmengine.hooks import Hook
from mmengine.model import is_model_wrapper

from .checks import BadEntry, label_problem, listing_error, sample_path
from .skip_bad_samples import SkipBadSamples


def head_num_classes(model) -> Optional[int]:
    """The fewest ``num_classes`` of the model's heads (late fusion has one
    per stream); None when no module states one."""
    model = model.module if is_model_wrapper(model) else model
    counts = {module.num_classes for module in model.modules()
              if isinstance(getattr(module, 'num_classes', None), int)
              and module.num_classes > 0}
    return min(counts) if counts else None


def labels_of(info: dict) -> List[int]:
    label = info.get('label')
    if label is None:
        return []
    if hasattr(label, 'tolist'):  # numpy array or tensor
        label = label.tolist()
    return [int(x) for x in label] if isinstance(label, (list, tuple)) \
        else [int(label)]


def out_of_range(dataset, num_classes: int,
                 allow_unlabeled: bool) -> Iterator[Tuple[int, BadEntry]]:
    """``(index, bad entry)`` of each sample with a label outside
    ``[0, num_classes)``."""
    for index in range(len(dataset)):
        info = dataset.get_data_info(index)
        for label in labels_of(info):
            problem = label_problem(label, num_classes, allow_unlabeled)
            if problem:
                yield index, BadEntry(info.get('ann_line'),
                                      sample_path(info), problem)
                break


def check_labels(dataset, num_classes: int, split: str) -> None:
    """Raise :class:`.checks.BadDataError` listing the samples whose label
    ``num_classes`` cannot serve; a :class:`SkipBadSamples` skips them
    instead (logged, listed, counted against its ratio)."""
    skipping = isinstance(dataset, SkipBadSamples)
    inner = dataset.dataset if skipping else dataset
    unlabeled_ok = bool(getattr(inner, 'test_mode', False))
    bad = list(out_of_range(inner, num_classes, unlabeled_ok))
    if skipping:
        for index, entry in bad:
            dataset.exclude(index, entry.path, entry.reason)
        return
    if not bad:
        return
    ann_file = getattr(inner, 'ann_file', None)
    raise listing_error(
        f'{len(bad)} {split} sample(s) of {ann_file or type(inner).__name__}'
        f' have a label the model cannot predict (its head has '
        f'num_classes={num_classes}; expected 0 <= label < {num_classes})',
        [entry for _, entry in bad], ann_file)


@HOOKS.register_module()
class LabelRangeHook(Hook):
    """Before training (train and val sets) and before testing, compare
    every label with the head's ``num_classes``.

    MMAction2 checks labels only where the dataset itself is given
    ``num_classes``; otherwise a label ``>= num_classes`` reaches the loss
    (an index error far from its cause, a device-side assert on CUDA) or,
    in validation, silently counts as a miss. Reads annotations only
    (``get_data_info``), no media.
    """
    priority = 'VERY_HIGH'

    def before_train(self, runner) -> None:
        self._check(runner, 'train', runner.train_dataloader)
        if runner.val_loop is not None:
            self._check(runner, 'val', runner.val_loop.dataloader)

    def before_test(self, runner) -> None:
        self._check(runner, 'test', runner.test_loop.dataloader)

    @staticmethod
    def _check(runner, split: str, dataloader) -> None:
        num_classes = head_num_classes(runner.model)
        dataset = getattr(dataloader, 'dataset', None)
        if num_classes is None or not hasattr(dataset, 'get_data_info'):
            return
        check_labels(dataset, num_classes, split)
