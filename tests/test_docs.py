"""Cited markdown files exist, and cited sections of docs/papers.md too.

A reference such as ``docs/flow.md`` or ``../README.md`` in any text file
of the repository must resolve relative to the repository root, to the
citing file's folder, or to a folder named earlier on the same line (a
listing such as ``docs/  flow.md, benchmarks.md``). URLs are not checked.
"""
import os
import os.path as osp
import re

import pytest

from tests.helpers.runs import REPO

SKIP_DIRS = {'.git', '.venv', 'venv', '.tox', '.eggs', '.pytest_cache',
             '.mypy_cache', '.ruff_cache', '__pycache__'}
SKIP_TOP = {'data', 'work_dirs', 'build', 'dist'}  # generated, git-ignored
MAX_BYTES = 2_000_000

URL = re.compile(r'[A-Za-z][\w+.-]*://\S+')
MD_REF = re.compile(r'(?<![\w/.-])[\w/.-]*\w\.md(?![\w-])')
FOLDER = re.compile(r'(?<![\w/.-])[\w.-]+(?:/[\w.-]+)*/')
SECTION_REF = re.compile(r'papers\.md(?:\]\([^)]*\))?\W{0,3}((?:§\d+[^\w§]{0,6})+)')
HEADING = re.compile(r'^## (\d+)\. ', re.M)


def text_files():
    for root, dirs, files in os.walk(REPO):
        top = osp.relpath(root, REPO) == '.'
        dirs[:] = sorted(
            d for d in dirs if d not in SKIP_DIRS
            and not d.endswith('.egg-info') and not (top and d in SKIP_TOP))
        for name in sorted(files):
            path = osp.join(root, name)
            if osp.getsize(path) > MAX_BYTES:
                continue
            with open(path, 'rb') as f:
                data = f.read()
            if b'\0' in data:
                continue
            try:
                yield path, data.decode('utf-8')
            except UnicodeDecodeError:
                continue


def resolves(ref, line, before, citing_dir):
    bases = [REPO, citing_dir]
    for folder in FOLDER.findall(line[:before]):
        bases += [osp.join(REPO, folder), osp.join(citing_dir, folder)]
    return any(osp.isfile(osp.normpath(osp.join(base, ref)))
               for base in bases)


def dangling_references():
    for path, text in text_files():
        for number, line in enumerate(text.splitlines(), start=1):
            line = URL.sub(lambda m: ' ' * len(m.group(0)), line)
            for match in MD_REF.finditer(line):
                if not resolves(match.group(0), line, match.start(),
                                osp.dirname(path)):
                    yield f'{osp.relpath(path, REPO)}:{number}: ' \
                        f'{match.group(0)}'


def test_every_cited_markdown_file_exists():
    missing = list(dangling_references())
    assert not missing, 'cited markdown files that do not exist:\n' + \
        '\n'.join(missing)


def test_cited_sections_of_papers_md_exist():
    with open(osp.join(REPO, 'docs/papers.md'), encoding='utf-8') as f:
        sections = set(HEADING.findall(f.read()))
    assert sections
    unknown = []
    for path, text in text_files():
        for match in SECTION_REF.finditer(text):
            for number in re.findall(r'§(\d+)', match.group(1)):
                if number not in sections:
                    unknown.append(f'{osp.relpath(path, REPO)}: §{number}')
    assert not unknown, 'sections missing from docs/papers.md:\n' + \
        '\n'.join(unknown)


MISSING = 'docs/no-such-file' + '.md'  # split: not itself a citation


@pytest.mark.parametrize('line,ref,ok', [
    ('see docs/flow.md', 'docs/flow.md', True),
    ('docs/    flow.md, papers.md', 'papers.md', True),
    ('see ' + MISSING, MISSING, False),
])
def test_resolution_rules(line, ref, ok):
    assert resolves(ref, line, line.index(ref), REPO) == ok
    assert [m.group(0) for m in MD_REF.finditer(line)][-1] == ref
