"""Unknown ``type`` names in a config get the choices in the error.

MMEngine's registries answer a misspelt or unknown ``type`` (a fusion,
pooling, head, hook ...) with "X is not in the mmaction::model registry"
and nothing about what is. :func:`install_registry_hints` wraps
``Registry.build`` so the ``KeyError`` also lists the registered names
closest to the one asked for and the registered names of its kind (those
with the same last CamelCase word: ``MeanFusion`` -> every ``*Fusion``).
"""
import difflib
import re
from typing import List

from mmengine.registry import Registry

MARK = 'registered names like it'
_installed = False


def registered_names(registry: Registry) -> List[str]:
    """Every name ``registry`` can build: its own, its parents' and their
    children's (OpenMMLab scopes)."""
    names, seen = set(), set()
    roots = [registry]
    while roots[-1].parent is not None:
        roots.append(roots[-1].parent)
    stack = list(roots)
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        names.update(current.module_dict)
        stack.extend(current.children.values())
    return sorted(names)


def kind_of(name: str) -> str:
    """The last CamelCase word: 'SumFusion' -> 'Fusion'."""
    words = re.findall(r'[A-Z][a-z0-9]+|[A-Z]+(?![a-z])', name)
    return words[-1] if words else name


def hint(registry: Registry, name: str) -> str:
    names = registered_names(registry)
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    kind = kind_of(name)
    same_kind = [n for n in names if n != name and kind_of(n) == kind]
    parts = [f'{name!r} is not a registered {registry.name} type']
    if close:
        parts.append(f'{MARK}: {", ".join(close)}')
    if same_kind:
        parts.append(f'registered *{kind} types: {", ".join(same_kind)}')
    return '; '.join(parts)


def install_registry_hints() -> None:
    global _installed
    if _installed:
        return
    original = Registry.build

    def build(self, cfg, *args, **kwargs):
        try:
            return original(self, cfg, *args, **kwargs)
        except KeyError as error:
            name = cfg.get('type') if hasattr(cfg, 'get') else None
            text = str(error)
            if (not isinstance(name, str) or MARK in text
                    or 'not in the' not in text or name not in text):
                raise
            raise KeyError(hint(self, name)) from error

    build.__doc__ = original.__doc__
    Registry.build = build
    _installed = True
