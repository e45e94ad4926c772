"""The one check for an option that takes one of a fixed set of values."""
from typing import Any, Iterable


def check_choice(owner: str, name: str, value: Any, choices: Iterable,
                 hint: str = '') -> None:
    """Raise ``ValueError('<owner>: <name>=<value>; expected one of ...')``
    unless ``value`` is one of ``choices`` (in the order given; pass
    ``sorted(table)`` for a table's keys); ``hint`` is appended."""
    choices = tuple(choices)
    if value not in choices:
        listed = ', '.join(repr(choice) for choice in choices)
        raise ValueError(f'{owner}: {name}={value!r}; expected one of '
                         f'{listed}{hint}')
