"""``--dump`` predictions written whole or not at all."""
from mmengine.evaluator import DumpResults
from mmengine.fileio import dump
from mmengine.logging import print_log

from mmaction.registry import METRICS

from ..utils.atomic import atomic_path


@METRICS.register_module()
class AtomicDumpResults(DumpResults):
    """MMEngine's ``DumpResults`` through :mod:`..utils.atomic`: a test run
    killed while dumping leaves no truncated ``.pkl`` under the name."""

    def compute_metrics(self, results: list) -> dict:
        with atomic_path(self.out_file_path, suffix='.pkl') as temp:
            dump(results, temp)
        print_log(f'Results has been saved to {self.out_file_path}.',
                  logger='current')
        return {}
