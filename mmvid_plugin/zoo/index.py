"""The model zoo as data: one :class:`ZooEntry` per metafile entry of the
metafiles ``model-index.yml`` lists."""
import difflib
import fnmatch
from dataclasses import dataclass, field
from typing import List, Optional

from . import metafile


class UnknownModelError(LookupError):
    """A model name that no metafile entry has."""


@dataclass
class ZooEntry:
    """One model of the zoo.

    Attributes:
        name: The config's stem.
        config: Repo-relative config path.
        collection: The paper (metafile collection) it belongs to.
        metadata: ``Metadata`` of the metafile (parameters, FLOPs, input,
            normalisation, training data, ...).
        results: ``Results`` (each with a ``Source``: a paper's table or
            ours).
        converted_from: ``Converted From`` items (source, model, official
            file, max logit difference); empty for other entries.
        metafile: Repo-relative metafile path.
    """
    name: str
    config: str
    collection: str
    metadata: dict = field(default_factory=dict)
    results: List[dict] = field(default_factory=list)
    converted_from: List[dict] = field(default_factory=list)
    metafile: str = ''

    @property
    def converted(self) -> bool:
        return bool(self.converted_from)

    def result(self, dataset: str) -> Optional[dict]:
        """The first result on ``dataset``, or None."""
        for item in self.results:
            if item.get('Dataset') == dataset:
                return item
        return None


def load_entries(metafiles: Optional[dict] = None) -> List[ZooEntry]:
    """Every entry, in ``model-index.yml`` and metafile order.

    Args:
        metafiles: Repo-relative path -> content; None: read them.
    """
    if metafiles is None:
        metafiles = metafile.load_all()
    entries = []
    for path, meta in metafiles.items():
        for model in meta.get('Models', []):
            entries.append(ZooEntry(
                name=model['Name'], config=model['Config'],
                collection=model.get('In Collection', ''),
                metadata=dict(model.get('Metadata') or {}),
                results=list(model.get('Results') or []),
                converted_from=list(model.get('Converted From') or []),
                metafile=path))
    return entries


def list_models(pattern: Optional[str] = None) -> List[ZooEntry]:
    """Entries whose name matches ``pattern``: a shell pattern
    (``'slowfast_*kinetics400*'``) or, without wildcards, a substring;
    None: all of them."""
    entries = load_entries()
    if pattern is None:
        return entries
    if not any(c in pattern for c in '*?['):
        pattern = f'*{pattern}*'
    return [e for e in entries if fnmatch.fnmatchcase(e.name, pattern)]


def get_entry(name: str) -> ZooEntry:
    """The entry called ``name`` (a config stem; a config path or file
    name works too).

    Raises:
        UnknownModelError: no entry has that name; the message lists the
            closest names.
    """
    stem = name.replace('\\', '/').rsplit('/', 1)[-1]
    if stem.endswith('.py'):
        stem = stem[:-3]
    entries = load_entries()
    for entry in entries:
        if entry.name == stem:
            return entry
    names = [e.name for e in entries]
    close = difflib.get_close_matches(stem, names, n=5, cutoff=0.5)
    close += [n for n in names if stem in n and n not in close][:5]
    hint = ('closest: ' + ', '.join(close[:5])) if close else \
        'list_models() lists them'
    raise UnknownModelError(
        f'no model {name!r} in the zoo ({len(names)} models); {hint}')
