"""model-index.yml and the metafiles: every config has an entry, entries
point at configs that exist, their computed fields match the configs, and
docs/model_zoo.md is what the generator writes from them."""
import glob
import os.path as osp
import re

import pytest
import yaml

from tests.helpers.runs import REPO

CONFIGS = sorted(
    osp.relpath(p, REPO).replace(osp.sep, '/')
    for p in glob.glob(osp.join(REPO, 'configs', '**', '*.py'),
                       recursive=True) if '_base_' not in p)
with open(osp.join(REPO, 'docs/papers.md'), encoding='utf-8') as f:
    PAPERS = f.read()


def metafiles():
    from mmvid_plugin.zoo import metafile
    return metafile.load_all()


def entries():
    from mmvid_plugin.zoo.index import load_entries
    return load_entries()


def test_every_metafile_model_has_a_config_and_a_collection():
    with open(osp.join(REPO, 'model-index.yml')) as f:
        imports = yaml.safe_load(f)['Import']
    assert imports
    for metafile in imports:
        with open(osp.join(REPO, metafile)) as f:
            meta = yaml.safe_load(f)
        collections = {c['Name'] for c in meta['Collections']}
        for collection in meta['Collections']:
            assert osp.exists(osp.join(REPO, collection['README']))
        for model in meta['Models']:
            assert osp.exists(osp.join(REPO, model['Config'])), model['Name']
            assert model['In Collection'] in collections
            assert model['Name'] == osp.splitext(
                osp.basename(model['Config']))[0]
            for result in model.get('Results', []):
                assert 0 <= result['Metrics']['Top 1 Accuracy'] <= 100


def test_every_config_has_one_entry_in_its_folders_metafile():
    from mmvid_plugin.zoo.metafile import metafile_of
    where = {}
    for entry in entries():
        assert entry.config not in where, f'{entry.name}: two entries'
        where[entry.config] = entry.metafile
    missing = [c for c in CONFIGS if c not in where]
    assert not missing, ('configs without a metafile entry (run python '
                         'tools/make_model_zoo.py):\n' + '\n'.join(missing))
    for config, path in where.items():
        assert path == metafile_of(config), config


def test_results_say_whose_number_they_are():
    """Paper numbers name their table, ours say so; MotionDigits results
    are ours, other datasets' are a paper's or a release's."""
    for entry in entries():
        for result in entry.results:
            source = result.get('Source', '')
            if result['Dataset'] == 'MotionDigits':
                assert source.startswith('ours'), entry.name
            else:
                assert source.startswith(('paper, Table', 'release')), \
                    (entry.name, source)
                cited = re.search(r'\(docs/papers\.md §(\d+)\)$', source)
                assert cited and f'\n## {cited.group(1)}. ' in PAPERS, \
                    (entry.name, source, 'cite an existing docs/papers.md '
                     'section at the end')


def test_computed_fields_are_present():
    for entry in entries():
        meta = entry.metadata
        for key in ('Parameters', 'FLOPs', 'Input', 'Normalisation'):
            assert key in meta, (f'{entry.name} lacks Metadata.{key}: run '
                                 'python tools/make_model_zoo.py')
        assert meta['FLOPs'] > 0, entry.name
        assert meta['Input']['Views'] >= 1, entry.name


def test_parameter_counts_and_normalisation_match_the_configs():
    """Every entry's config, built on the meta device, has the stated
    parameter counts and data preprocessor normalisation."""
    from mmvid_plugin.zoo import measure
    wrong = []
    for entry in entries():
        cfg = measure.load_config(entry.config)
        counts = measure.parameter_counts(measure.build(cfg, 'meta'))
        stated = {k: entry.metadata.get(k) for k in counts}
        if entry.metadata.get('Trainable Parameters') and \
                'Trainable Parameters' not in counts:
            stated['Trainable Parameters'] = \
                entry.metadata['Trainable Parameters']
        if stated != counts:
            wrong.append(f'{entry.name}: metafile {stated}, built {counts}')
        if entry.metadata.get('Normalisation') != measure.normalisation(cfg):
            wrong.append(f'{entry.name}: normalisation differs')
    assert not wrong, '\n'.join(wrong)


@pytest.mark.parametrize('name', [
    'r3d_r18_torchvision-converted_16x1x5_kinetics400-rgb',
    'tsn_r50_scratch_1xb8-5x1x3-6e_motion-digits-flow',
    'convfusion_sum-relu5_vggm2048_scratch_1xb16-3xr2to3x1-6e_motion-'
    'digits-rgbflow'])
def test_input_is_what_the_test_pipeline_gives(name):
    from mmvid_plugin.zoo import get_entry, measure
    from mmvid_plugin.zoo.view_input import (SyntheticMedia, first_sample,
                                             preprocessed_inputs, views_of)
    entry = get_entry(name)
    cfg = measure.load_config(entry.config)
    with SyntheticMedia() as media:
        sample = first_sample(cfg, media)
    inputs = preprocessed_inputs(measure.build_preprocessor(cfg), sample)
    assert entry.metadata['Input'] == measure.input_description(
        cfg, inputs, views_of(sample))


def test_converted_entries_name_their_sources():
    from mmvid_plugin.weights import SOURCES
    from mmvid_plugin.zoo.converted import is_converted, sources_of
    for entry in entries():
        expected = sources_of(entry.config) if is_converted(entry.config) \
            else []
        stated = [(c['Source'], c['Model']) for c in entry.converted_from]
        assert stated == expected, entry.name
        for item in entry.converted_from:
            assert SOURCES[item['Source']].models[item['Model']] == \
                entry.config
            difference = item.get('Max Logit Difference')
            # the check itself bounds it relative to the logits' scale
            assert difference is None or difference >= 0


def test_model_zoo_doc_is_up_to_date():
    from mmvid_plugin.zoo.render import DOC, render
    with open(osp.join(REPO, DOC), encoding='utf-8') as f:
        written = f.read()
    assert written == render(), (f'{DOC} is out of date: run python '
                                 'tools/make_model_zoo.py --docs-only')


def test_metafiles_are_written_as_the_generator_writes_them():
    from mmvid_plugin.zoo import metafile
    for path, meta in metafiles().items():
        with open(osp.join(REPO, path), encoding='utf-8') as f:
            assert f.read() == metafile.dump(meta), path
