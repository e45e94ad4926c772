"""model-index.yml and the metafiles point at configs that exist."""
import os.path as osp

import yaml

from tests.conftest import REPO


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
