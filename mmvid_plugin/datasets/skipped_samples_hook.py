"""``SkippedSamplesHook``: say at each epoch end what was skipped."""
from mmaction.registry import HOOKS
from mmengine.hooks import Hook

from .skip_bad_samples import SkipBadSamples


@HOOKS.register_module()
class SkippedSamplesHook(Hook):
    """Logs ``N bad samples skipped ...`` after each training epoch when
    the train dataset is a :class:`SkipBadSamples`.

    The count is read from its skip list, so it includes what DataLoader
    workers found; a bad file is skipped every time it is drawn, so with
    ``DefaultSampler`` it is also the number skipped this epoch.
    """

    priority = 'LOW'

    def after_train_epoch(self, runner) -> None:
        dataset = runner.train_dataloader.dataset
        if not isinstance(dataset, SkipBadSamples):
            return
        skipped = dataset.skipped()
        if not skipped:
            return
        listed = '; '.join(f'{path} ({reason})'
                           for path, reason in skipped.items())
        runner.logger.warning(
            f'epoch {runner.epoch + 1}: {len(skipped)} bad samples skipped of '
            f'{len(dataset)} (list: {dataset.list_file}): {listed}')
