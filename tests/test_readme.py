"""The README's layout section and registry list say what the tree holds."""
import ast
import os
import os.path as osp
import re

from tests.helpers.runs import REPO

PACKAGE = osp.join(REPO, 'mmvid_plugin')


def readme() -> str:
    with open(osp.join(REPO, 'README.md'), encoding='utf-8') as f:
        return f.read()


def layout() -> str:
    text = readme().split('\n## Layout\n', 1)[1]
    return text.split('```', 2)[1]


def rooms():
    """Sub-packages of mmvid_plugin, as paths relative to it."""
    for root, dirs, files in os.walk(PACKAGE):
        dirs[:] = sorted(d for d in dirs if d != '__pycache__')
        if root != PACKAGE and '__init__.py' in files:
            yield osp.relpath(root, PACKAGE)


def test_layout_names_every_room_module_and_tool():
    text = layout()
    missing = [f'{osp.basename(room)}/' for room in rooms()
               if f'{osp.basename(room)}/' not in text]
    missing += [name for name in sorted(os.listdir(PACKAGE))
                if name.endswith('.py') and name != '__init__.py'
                and name not in text]
    missing += [name for name in sorted(os.listdir(osp.join(REPO, 'tools')))
                if name.endswith(('.py', '.sh')) and name != '__init__.py'
                and name not in text]
    assert not missing, f'not in the README layout: {missing}'


def test_every_folder_and_file_the_layout_names_exists():
    folders, files = set(), set()
    for root, dirs, names in os.walk(REPO):
        dirs[:] = [d for d in dirs if not d.startswith('.')]
        folders.update(dirs)
        files.update(names)
    text = layout()
    unknown = [name for name in re.findall(r'([\w.-]{2,})/', text)
               if name not in folders]
    unknown += [name for name in re.findall(r'([\w-]+\.(?:py|sh|md|yml))\b',
                                            text) if name not in files]
    assert not unknown, f'named by the README layout, not in the tree: ' \
        f'{unknown}'


def registries_filled():
    found = set()
    for root, _, names in os.walk(PACKAGE):
        for name in names:
            if not name.endswith('.py'):
                continue
            with open(osp.join(root, name), encoding='utf-8') as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Attribute) and \
                        node.attr == 'register_module' and \
                        isinstance(node.value, ast.Name):
                    found.add(node.value.id)
    return found


def test_readme_lists_the_registries_the_package_fills():
    sentence = re.search(r'registers everything straight into .*?\(([^)]*)\)',
                         readme(), re.S)
    listed = set(re.findall(r'`(\w+)`', sentence.group(1)))
    assert listed == registries_filled()
