"""Reading, merging and writing the metafiles (OpenMMLab model-index
format) of ``configs/<paper>/metafile.yml``.

Computed fields (:data:`COMPUTED`) are rewritten from the configs;
everything else in an entry (architecture, paper and MotionDigits
results, the official file of a converted entry) is curated and kept.
"""
import os.path as osp
import re
from typing import Dict, List, Optional

import yaml

from ..utils.atomic import write_text_atomically
from ..weights.converting import REPO_ROOT, repo_path

HEADER = """\
# Model-index metafile (OpenMMLab format), updated by
# tools/make_model_zoo.py from the configs. Computed per entry: Metadata
# Parameters (every parameter of the model as built; Trainable Parameters
# when some are frozen constants), FLOPs (GFLOPs of one test view, from
# MMEngine's FlopAnalyzer, which counts a multiply-add as one FLOP),
# Input (test sampling frames x interval x clips, crops, views per video,
# resolution, one view's shape), Normalisation (data preprocessor mean /
# std on 0-255 pixels) and, for converted entries, Converted From (weight
# source, its model and the max logit difference of the converter's
# equivalence check). Curated and kept: everything else; each Results
# entry says in Source whose number it is (a paper's table or ours).
"""
COMPUTED = ('Parameters', 'Trainable Parameters', 'FLOPs', 'Input',
            'Normalisation')
MODEL_INDEX = osp.join(REPO_ROOT, 'model-index.yml')
#: Order of the known keys of an entry and of its Metadata.
ENTRY_ORDER = ('Name', 'Config', 'In Collection', 'Metadata',
               'Converted From', 'Results')
METADATA_ORDER = ('Architecture', 'Batch Size', 'Training Data',
                  'Training Resources') + COMPUTED
#: Data folder under data/ -> dataset name.
DATASETS = {'kinetics400': 'Kinetics-400', 'kinetics600': 'Kinetics-600',
            'ucf101': 'UCF101', 'hmdb51': 'HMDB51', 'sports1m': 'Sports-1M',
            'sthv2': 'Something-Something-v2', 'charades': 'Charades',
            'ig65m': 'IG-65M'}
OURS = 'ours, measured here on the MotionDigits test split'


#: libyaml's safe loader where PyYAML has it (ten times faster).
LOADER = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)


def read(path: str) -> dict:
    """A YAML file's content ({} when empty)."""
    with open(path, encoding='utf-8') as f:
        return yaml.load(f, Loader=LOADER) or {}


def metafile_paths() -> List[str]:
    """Repo-relative metafiles listed in ``model-index.yml``."""
    return list(read(MODEL_INDEX).get('Import', []))


def dump(meta: dict) -> str:
    """A metafile's text: :data:`HEADER`, then the YAML."""
    body = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True,
                          width=1000, default_flow_style=False)
    return HEADER + body


def write_text(path: str, text: str) -> None:
    """Write ``text`` atomically (a temporary file renamed over ``path``):
    a reader never sees a half-written file."""
    write_text_atomically(path, text)


def write(path: str, meta: dict) -> None:
    write_text(path, dump(meta))


def write_index(index: dict) -> None:
    """Write ``model-index.yml`` (its ``Import`` list)."""
    write_text(MODEL_INDEX, yaml.safe_dump(index, sort_keys=False))


def ordered(mapping: dict, order) -> dict:
    """``mapping`` with the keys of ``order`` first, the rest after."""
    out = {k: mapping[k] for k in order if k in mapping}
    out.update((k, v) for k, v in mapping.items() if k not in out)
    return out


def metafile_of(config: str) -> str:
    """The repo-relative metafile a config's entry belongs in: its
    folder's (``configs/tsn_r50.py`` belongs to ``configs/tsn/``)."""
    folder = osp.dirname(config)
    if folder == 'configs':
        stem = osp.splitext(osp.basename(config))[0]
        folder = f'configs/{stem.split("_")[0]}'
    return f'{folder}/metafile.yml'


def training_data(cfg) -> Optional[str]:
    """The dataset a config trains on, from its dataset type or path."""
    dataset = cfg.train_dataloader.dataset
    while 'dataset' in dataset and 'ann_file' not in dataset:
        dataset = dataset.dataset
    if dataset.type.startswith('MotionDigits'):
        return 'MotionDigits'
    match = re.match(r'data/([^/]+)/', str(dataset.get('ann_file', '')))
    if match:
        return DATASETS.get(match.group(1), match.group(1))
    return None


def new_entry(config: str, cfg, collection: str) -> dict:
    """A fresh entry's curated part, filled from the config."""
    stem = osp.splitext(osp.basename(config))[0]
    backbone = cfg.model.get('backbone') or {}
    metadata = {'Architecture': backbone.get('type', cfg.model.type),
                'Batch Size': cfg.train_dataloader.get('batch_size')}
    data = training_data(cfg)
    if data:
        metadata['Training Data'] = data
    return {'Name': stem, 'Config': config, 'In Collection': collection,
            'Metadata': metadata}


def label_results(entry: dict) -> None:
    """Give unlabelled MotionDigits results their :data:`OURS` source."""
    for result in entry.get('Results', []):
        if result.get('Dataset') == 'MotionDigits' and 'Source' not in result:
            result['Source'] = OURS


def merge_converted(old: List[dict], new: List[dict]) -> List[dict]:
    """``Converted From`` items merged by ``Source``: ``Source`` and
    ``Model`` from ``new``; ``Weights`` from ``new`` only where none was
    curated; ``Max Logit Difference`` from ``new`` where it has the key
    (None there: no reference record, the old value is dropped)."""
    by_source = {item.get('Source'): item for item in old or []}
    merged = []
    for item in new:
        out = dict(by_source.get(item['Source'], {}))
        out.update(Source=item['Source'], Model=item['Model'])
        if item.get('Weights') and not out.get('Weights'):
            out['Weights'] = item['Weights']
        if 'Max Logit Difference' in item:
            out.pop('Max Logit Difference', None)
            if item['Max Logit Difference'] is not None:
                out['Max Logit Difference'] = item['Max Logit Difference']
        merged.append(ordered(out, ('Source', 'Model', 'Weights',
                                    'Max Logit Difference')))
    return merged


def merge(entry: dict, computed: dict,
          converted: Optional[List[dict]] = None) -> dict:
    """``entry`` with the computed Metadata fields replaced (a field
    missing from ``computed`` keeps its old value) and ``Converted From``
    merged (:func:`merge_converted`; None leaves it as it is)."""
    metadata = dict(entry.get('Metadata') or {})
    if 'Parameters' in computed:
        metadata.pop('Trainable Parameters', None)
    metadata.update((k, v) for k, v in computed.items() if k in COMPUTED)
    entry = dict(entry, Metadata=ordered(metadata, METADATA_ORDER))
    if converted is not None:
        if converted:
            entry['Converted From'] = merge_converted(
                entry.get('Converted From'), converted)
        else:
            entry.pop('Converted From', None)
    label_results(entry)
    return ordered(entry, ENTRY_ORDER)


def load_all() -> Dict[str, dict]:
    """Repo-relative metafile -> its content, for every listed one."""
    return {path: read(repo_path(path)) for path in metafile_paths()}
