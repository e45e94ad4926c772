"""ProgressLine shows counts, a rate and an ETA."""
import io

from mmvid_plugin.utils import ProgressLine


def test_progress_reports_counts_rate_and_eta():
    stream = io.StringIO()
    progress = ProgressLine(4, unit='videos', rate_unit='frames',
                            stream=stream)
    progress.update(work=10)
    assert progress.text().startswith('1/4 videos | ')
    assert 'frames/s' in progress.text() and 'ETA 0:' in progress.text()
    for _ in range(3):
        progress.update(work=10)
    lines = stream.getvalue().splitlines()
    assert lines[-1].startswith('4/4 videos')  # the last update is printed
    assert progress.work == 40


def test_eta_unknown_before_first_item():
    progress = ProgressLine(3, stream=io.StringIO())
    assert progress.text().endswith('ETA ?')
