"""A one-line progress display with counts, a rate and an ETA."""
import sys
import time
from typing import Optional, TextIO


class ProgressLine:
    """``12/80 videos | 215.3 frames/s | 0:00:04 elapsed | ETA 0:00:22``.

    Redrawn in place on a terminal at most every ``interval`` seconds;
    elsewhere (logs, CI) printed as a new line at most every 10 seconds.

    Args:
        total: Number of items.
        unit: What the items are.
        rate_unit: What the rate counts (``frames`` for flow extraction);
            defaults to ``unit``.
        stream: Where to write; stderr by default.
    """

    def __init__(self, total: int, unit: str = 'items',
                 rate_unit: Optional[str] = None,
                 stream: Optional[TextIO] = None, interval: float = 0.2):
        self.total, self.unit = total, unit
        self.rate_unit = rate_unit or unit
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self.interval = interval if self.tty else 10.0
        self.done = self.work = 0
        self.start = self.last = time.monotonic()

    @staticmethod
    def _clock(seconds: float) -> str:
        seconds = int(seconds)
        return f'{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}'

    def text(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        rate = self.work / elapsed
        eta = elapsed / self.done * (self.total - self.done) if self.done \
            else float('nan')
        eta_text = self._clock(eta) if eta == eta else '?'
        return (f'{self.done}/{self.total} {self.unit} | {rate:.1f} '
                f'{self.rate_unit}/s | {self._clock(elapsed)} elapsed | '
                f'ETA {eta_text}')

    def update(self, count: int = 1, work: Optional[float] = None) -> None:
        """Mark ``count`` items done that held ``work`` units (default count)."""
        self.done += count
        self.work += count if work is None else work
        now = time.monotonic()
        if now - self.last >= self.interval or self.done >= self.total:
            self.last = now
            end = '' if self.tty and self.done < self.total else '\n'
            prefix = '\r' if self.tty else ''
            self.stream.write(prefix + self.text() + end)
            self.stream.flush()
