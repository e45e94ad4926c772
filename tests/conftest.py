"""Shared fixtures: a tiny MotionDigits, generated once per session. The
helpers test modules share are in ``tests/helpers/``."""
import pytest

import mmvid_plugin  # noqa: F401  (compat fixes + registration)
from tests.helpers.runs import TINY_SPEC


@pytest.fixture(scope='session')
def tiny_data_root(tmp_path_factory):
    """A small MotionDigits, generated once per test session."""
    from mmvid_plugin.datasets import MotionDigitsSpec, ensure_motion_digits
    root = str(tmp_path_factory.mktemp('data') / 'motion_digits')
    return ensure_motion_digits(root, MotionDigitsSpec(**TINY_SPEC))
