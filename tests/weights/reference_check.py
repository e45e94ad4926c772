"""Shared check of the converter equivalence tests: the official layout of
a reference record (tools/make_reference_outputs.py) filled with seeded
values, converted, loaded strictly into our config's model, and its logits
compared with the official implementation's. The reference ran in
float64; ours runs in float32, as users run it (float32 rounding stays far
inside the tolerance)."""
import glob
import os.path as osp

import torch

from mmvid_plugin.weights import get_source
from mmvid_plugin.weights.converting import build_model, convert_state_dict
from mmvid_plugin.weights.seeded import (read_reference, seeded_input,
                                         seeded_state_dict)

REFERENCES = osp.join(osp.dirname(osp.dirname(osp.abspath(__file__))),
                      'data', 'reference_outputs')
#: Allowed max |ours - reference| per unit of max(1, max |reference|).
TOLERANCE = 1e-4


def reference_files(source: str) -> list:
    """The committed records of ``source`` (at least one: a missing one
    fails the test that asks)."""
    files = sorted(glob.glob(osp.join(REFERENCES, source, '*.json')))
    assert files, f'no reference outputs under {REFERENCES}/{source}'
    return files


def reference_ids(source: str) -> list:
    return [osp.splitext(osp.basename(f))[0] for f in reference_files(source)]


def converted_logits(record: dict) -> torch.Tensor:
    state = get_source(record['source']).unwrap(
        seeded_state_dict(record['manifest']))
    converted = convert_state_dict(state, record['source'], record['model'])
    model = build_model(converted.config, device='meta')
    model.load_state_dict(converted.state_dict, strict=True, assign=True)
    made_in_init = [name for name, t in model.named_buffers()
                    if t.is_meta and not name.startswith('data_preprocessor')]
    if made_in_init:  # non-persistent buffers: build for real
        model = build_model(converted.config)
        model.load_state_dict(converted.state_dict, strict=True)
    model.eval()
    with torch.no_grad():
        return get_source(record['source']).logits(
            model, record['model'],
            seeded_input(record['input_shape']).float()).double()


def check_reference(path: str) -> float:
    """Assert our logits equal the record's within :data:`TOLERANCE`;
    returns the max abs difference."""
    record = read_reference(path)
    reference = torch.tensor(record['logits'], dtype=torch.float64)
    ours = converted_logits(record)
    assert ours.shape == reference.shape, (ours.shape, reference.shape)
    difference = (ours - reference).abs().max().item()
    bound = TOLERANCE * max(1.0, reference.abs().max().item())
    assert difference <= bound, (
        f'{path}: max |ours - reference| = {difference:.3g} > {bound:.3g}')
    return difference


def manifest_state(source: str, model: str) -> dict:
    """The seeded state dict of ``model``'s official layout (its record's
    manifest; ``source`` names the records' folder)."""
    path = osp.join(REFERENCES, source, f'{model}.json')
    return seeded_state_dict(read_reference(path)['manifest'])
