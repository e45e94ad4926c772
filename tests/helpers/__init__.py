"""Helpers that test modules share (fixtures stay in ``conftest.py``)."""
