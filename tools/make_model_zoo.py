"""Update the metafiles from the configs, then write docs/model_zoo.md.

    python tools/make_model_zoo.py [CONFIG_OR_PATTERN ...] [--skip-flops]
        [--skip-checks] [--only-missing [--reverse]] [--docs-only]

For every config under configs/ (except _base_), or those named (paths,
stems or shell patterns such as 'slowfast_*'), it computes Metadata
Parameters, FLOPs (one test view), Input and Normalisation, adds the entry
to its folder's metafile when missing, and for converted configs records
the weight sources and the max logit difference of each converter's
equivalence check (tests/data/reference_outputs/<source>[-<format>]/
<model>.json, the largest over the formats).
Curated fields (architecture, results, official file names) are kept. A
full run also drops entries whose config is gone. Each metafile is written
(read again, then written) as soon as one of its entries changes, and
docs/model_zoo.md after it, so an interrupted run keeps what it measured.
"""
import argparse
import fnmatch
import glob
import os.path as osp
import sys
import tempfile
import time
import traceback

from filelock import FileLock

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))

import mmvid_plugin  # noqa: F401
from mmvid_plugin.utils import ProgressLine
from mmvid_plugin.zoo import converted, measure, metafile
from mmvid_plugin.zoo.render import DOC, render
from mmvid_plugin.zoo.view_input import SyntheticMedia


#: Held around each read-modify-write, so that runs side by side (one
#: with FLOPs, one without) do not lose each other's updates.
LOCK = FileLock(osp.join(tempfile.gettempdir(), 'mmvid_model_zoo.lock'))


def all_configs() -> list:
    paths = glob.glob(osp.join(ROOT, 'configs', '**', '*.py'),
                      recursive=True)
    return sorted(osp.relpath(p, ROOT).replace(osp.sep, '/') for p in paths
                  if '_base_' not in p.split(osp.sep))


def selected(configs: list, patterns: list) -> list:
    """Configs matching any pattern (path, stem, substring or glob)."""
    if not patterns:
        return configs
    out = []
    for config in configs:
        stem = osp.splitext(osp.basename(config))[0]
        for pattern in patterns:
            pattern = pattern.replace('\\', '/').rstrip('/')
            if pattern.startswith('./'):
                pattern = pattern[2:]
            if (config == pattern or stem == pattern
                    or fnmatch.fnmatchcase(config, pattern)
                    or fnmatch.fnmatchcase(stem, pattern)
                    or (not any(c in pattern for c in '*?[')
                        and pattern in config)):
                out.append(config)
                break
    return out


def converted_items(config: str, run_checks: bool) -> list:
    """``Converted From`` items of a config (empty: not converted)."""
    if not converted.is_converted(config):
        return []
    sources = converted.sources_of(config)
    files = converted.official_files(config, [s for s, _ in sources])
    items = []
    for source, model in sources:
        item = dict(Source=source, Model=model, Weights=files.get(source))
        if run_checks:
            records = converted.reference_records(source, model)
            item['Max Logit Difference'] = None
            if source == 'mmaction2':  # its reference runs live
                from tests.weights.test_mmaction2 import \
                    mmaction2_difference
                item['Max Logit Difference'] = float(
                    f'{mmaction2_difference(model):.2g}')
            elif records:  # the largest over the source's file formats
                from tests.weights.reference_check import check_reference
                item['Max Logit Difference'] = float(
                    f'{max(map(check_reference, records)):.2g}')
        items.append(item)
    return items


class Metafiles:
    """Read-modify-write of one metafile per change, so that another run,
    or a hand edit of a curated field, made meanwhile is kept."""

    @staticmethod
    def load(path: str) -> dict:
        """A metafile's content; a new folder's is created (and listed in
        model-index.yml) with one collection named after the folder."""
        index = metafile.read(metafile.MODEL_INDEX)
        if path not in index.get('Import', []):
            folder = osp.dirname(path)
            meta = {'Collections': [{'Name': osp.basename(folder),
                                     'README': osp.join(folder, 'README'
                                                        '.md')}],
                    'Models': []}
            metafile.write(osp.join(ROOT, path), meta)
            index.setdefault('Import', []).append(path)
            metafile.write_index(index)
            return meta
        return metafile.read(osp.join(ROOT, path))

    def put(self, config: str, computed: dict, items: list) -> None:
        with LOCK:
            self._put(config, computed, items)
            write_docs()

    def _put(self, config: str, computed: dict, items: list) -> None:
        path = metafile.metafile_of(config)
        meta = self.load(path)
        models = meta.setdefault('Models', [])
        stem = osp.splitext(osp.basename(config))[0]
        position = next((i for i, m in enumerate(models)
                         if m['Name'] == stem), None)
        if position is None:
            collection = meta['Collections'][0]['Name']
            models.append(metafile.new_entry(
                config, measure.load_config(config), collection))
            position = len(models) - 1
        models[position] = metafile.merge(models[position], computed,
                                          items)
        metafile.write(osp.join(ROOT, path), meta)

    def drop_missing(self) -> list:
        """Drop the entries whose config file is gone."""
        dropped = []
        for path in metafile.metafile_paths():
            meta = self.load(path)
            models = meta.get('Models', [])
            kept = [m for m in models
                    if osp.isfile(osp.join(ROOT, m['Config']))]
            if len(kept) != len(models):
                dropped += [m['Name'] for m in models if m not in kept]
                meta['Models'] = kept
                metafile.write(osp.join(ROOT, path), meta)
        return dropped


def write_docs() -> None:
    metafile.write_text(osp.join(ROOT, DOC), render())


def incomplete(configs: list, with_flops: bool) -> list:
    """Configs whose entry is missing or lacks a computed field."""
    needed = [k for k in metafile.COMPUTED if k != 'Trainable Parameters'
              and (with_flops or k != 'FLOPs')]
    entries = {m['Config']: m for meta in metafile.load_all().values()
               for m in meta.get('Models', [])}
    return [c for c in configs if c not in entries or any(
        k not in entries[c].get('Metadata', {}) for k in needed)]


def cheap_first(configs: list) -> list:
    """MotionDigits configs (small inputs) before paper-scale ones."""
    return sorted(configs, key=lambda c: ('motion-digits' not in c
                                          and not c.startswith(
                                              'configs/tsn_r50'), c))


def update(configs: list, with_flops: bool, run_checks: bool,
           only_missing: bool = False, stream=None) -> list:
    """Update the metafile entry of each config; returns the failures.
    ``only_missing`` skips a config whose entry became complete meanwhile
    (another run beside this one)."""
    files = Metafiles()
    failures = []
    progress = ProgressLine(len(configs), 'configs', stream=stream)
    with SyntheticMedia() as media:
        for config in configs:
            if only_missing and not incomplete([config], with_flops):
                progress.update()
                continue
            try:
                computed = measure.describe(config, media, with_flops)
                skipped = computed.pop('_unsupported', {})
                items = converted_items(config, run_checks)
                files.put(config, computed, items)
                if skipped and not set(skipped) <= IGNORED_OPS:
                    print(f'\n{config}: FLOPs skip '
                          f'{sorted(set(skipped) - IGNORED_OPS)}',
                          file=sys.stderr)
            except Exception as error:  # noqa: BLE001 (reported below)
                failures.append((config, error, traceback.format_exc()))
            progress.update()
    return failures


#: Operators without multiply-adds (or negligible ones) that the
#: analyzer leaves uncounted.
IGNORED_OPS = {
    'aten::add', 'aten::add_', 'aten::sub', 'aten::mul', 'aten::mul_',
    'aten::div', 'aten::mean', 'aten::max_pool2d', 'aten::max_pool3d',
    'aten::avg_pool2d', 'aten::avg_pool3d', 'aten::adaptive_avg_pool2d',
    'aten::adaptive_avg_pool3d', 'aten::adaptive_max_pool3d', 'aten::gelu',
    'aten::softmax', 'aten::pad', 'aten::pow', 'aten::sum', 'aten::sqrt',
    'aten::max', 'aten::relu', 'aten::relu_', 'aten::sigmoid', 'aten::tanh',
    'aten::rsub', 'aten::neg', 'aten::exp', 'aten::abs', 'aten::sign',
    'aten::constant_pad_nd', 'aten::max_pool1d', 'aten::amax',
    'aten::repeat', 'aten::cumsum', 'aten::clamp', 'aten::dropout',
    # index bookkeeping of the grouped attention (sparse, axial)
    'aten::argsort', 'aten::meshgrid', 'aten::unflatten'}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument('configs', nargs='*',
                        help='restrict to these configs (paths, stems or '
                        'shell patterns); default: all')
    parser.add_argument('--skip-flops', action='store_true',
                        help='keep the FLOPs already in the metafiles '
                        '(no traced forward: fast)')
    parser.add_argument('--skip-checks', action='store_true',
                        help='keep the max logit differences already in '
                        'the metafiles (no converter equivalence checks)')
    parser.add_argument('--only-missing', action='store_true',
                        help='only configs whose entry is missing or '
                        'lacks a computed field (FLOPs unless --skip-flops)')
    parser.add_argument('--reverse', action='store_true',
                        help='costly configs first (with --only-missing, '
                        'a second run beside a first one)')
    parser.add_argument('--docs-only', action='store_true',
                        help=f'only rewrite {DOC} from the metafiles')
    args = parser.parse_args(argv)
    start = time.monotonic()
    failures = []
    if not args.docs_only:
        every = all_configs()
        configs = selected(every, args.configs)
        if args.configs and not configs:
            parser.error(f'no config matches {args.configs}')
        if args.only_missing:
            configs = incomplete(configs, not args.skip_flops)
        order = cheap_first(configs)
        failures = update(order[::-1] if args.reverse else order,
                          not args.skip_flops, not args.skip_checks,
                          args.only_missing)
        if not args.configs:
            with LOCK:
                for name in Metafiles().drop_missing():
                    print(f'dropped {name}: its config is gone')
    with LOCK:
        write_docs()
    for config, error, trace in failures:
        print(f'FAILED {config}: {error}\n{trace}', file=sys.stderr)
    minutes, seconds = divmod(int(time.monotonic() - start), 60)
    print(f'{DOC} written; {len(failures)} failures; took {minutes} m '
          f'{seconds:02d} s')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
