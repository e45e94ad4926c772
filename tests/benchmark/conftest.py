import pytest
import torch


@pytest.fixture(autouse=True)
def keep_subnormals_after():
    """``Steps`` flushes subnormals process-wide; other tests get the
    default back."""
    yield
    torch.set_flush_denormal(False)
