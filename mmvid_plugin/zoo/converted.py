"""Which weight sources fill a ``-converted_`` config, and the official
file each converts, as the config's leading comment names it."""
import glob
import os.path as osp
import re
from typing import Dict, List, Tuple

from ..weights.converting import REPO_ROOT, repo_path

#: Converter equivalence records: <source>/<model>.json.
REFERENCES = osp.join(REPO_ROOT, 'tests', 'data', 'reference_outputs')
CHECKPOINT_FILE = re.compile(
    r'[\w./-]*\w\.(?:pyth|pth|pt|pkl|bin|safetensors|caffemodel)\b')


def is_converted(config: str) -> bool:
    return '-converted_' in osp.basename(config)


def sources_of(config: str) -> List[Tuple[str, str]]:
    """(source, model) of every registered source whose models map to
    ``config`` (repo-relative), in registry order."""
    from ..weights import SOURCES
    found = []
    for name, source in SOURCES.items():
        if source.any_config:
            continue
        for model, path in source.models.items():
            if path == config:
                found.append((name, model))
    return found


def reference_records(source: str, model: str) -> List[str]:
    """The converter's equivalence records of a model: ``<source>/`` and
    the folders of the source's other file formats (``<source>-caffe2/``
    ...), those that exist."""
    folders = [osp.join(REFERENCES, source)] + sorted(
        glob.glob(osp.join(REFERENCES, f'{source}-*')))
    paths = [osp.join(folder, f'{model}.json') for folder in folders]
    return [path for path in paths if osp.isfile(path)]


def leading_comment(config: str) -> str:
    """The comment lines at the top of a config, joined by spaces."""
    lines = []
    with open(repo_path(config), encoding='utf-8') as f:
        for line in f:
            if not line.startswith('#'):
                break
            lines.append(line[1:].strip())
    return ' '.join(lines)


def official_files(config: str, sources: List[str]) -> Dict[str, str]:
    """source -> the official file the config's comment names for it:
    the name written just before ``(--from SOURCE``, else, for the one
    source left without one, the only checkpoint-like file name
    (``.pyth``, ``.pt``, ...) the comment holds. Sources whose file the
    comment does not tell are left out."""
    text = leading_comment(config).replace('`', '')
    found = {}
    for source in sources:
        match = re.search(
            r'(\S+)\s+\((?:tools/convert_checkpoint\.py\s+)?--from\s+' +
            re.escape(source) + r'\b', text)
        if match:
            found[source] = match.group(1)
    left = [s for s in sources if s not in found]
    taken = set(found.values())
    names = sorted(set(CHECKPOINT_FILE.findall(text)) - taken)
    if len(left) == 1 and len(names) == 1:
        found[left[0]] = names[0]
    return found
