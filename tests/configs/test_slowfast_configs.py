"""The SlowFast configs build the paper's networks (docs/papers.md §11)."""
import pytest

from tests.helpers.configs import training_config as config
from tests.helpers.models import count_parameters


@pytest.mark.parametrize('name,expected', [
    ('slowfast_r50_*4x16x1*', 34_480_216),
    ('slowfast_r50_*8x8x1*', 34_566_488),
    ('slowonly_r50_*4x16x1*', 32_454_096),
    ('slowonly_r50_*8x8x1*', 32_454_096)])
def test_slowfast_config_counts(name, expected):
    assert count_parameters(config('slowfast', name).model) == expected
