"""The package as installed: the core stays headless, and a plain wheel carries the samples."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_core_cli_and_exporters_import_no_ui() -> None:
    """Every module outside `manualtui.tui`, imported together, brings in no Textual or Rich."""
    code = (
        "import importlib, json, sys\n"
        "from pathlib import Path\n"
        "import manualtui\n"
        "names = []\n"
        "top = Path(manualtui.__file__).parent\n"
        "roots = [(('manualtui',), top), (('manualtui', 'exporters'), top / 'exporters')]\n"
        "for prefix, root in roots:\n"
        "    for path in sorted(root.rglob('*.py')):\n"
        "        parts = (*prefix, *path.relative_to(root).with_suffix('').parts)\n"
        "        if 'tui' in parts or parts[-1] == '__main__': continue\n"
        "        names.append('.'.join(parts[:-1] if parts[-1] == '__init__' else parts))\n"
        "for name in names: importlib.import_module(name)\n"
        "ui = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')"
        " or m.startswith('manualtui.tui'))\n"
        "print(json.dumps({'imported': len(names), 'ui': ui}))"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    report = json.loads(process.stdout)
    assert report["ui"] == []
    assert report["imported"] >= 20


def test_wheel_ships_samples_data_and_exporters(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("manualtui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in [
        "manualtui/samples/manifest.toml",
        "manualtui/samples/enfield-children.txt",
        "manualtui/samples/luton-children.txt",
        "manualtui/data/split.toml",
        "manualtui/data/chapters.toml",
        "manualtui/data/priority.toml",
        "manualtui/cli/__init__.py",
        "manualtui/exporters/__init__.py",
        "manualtui/exporters/columns.toml",
    ]:
        assert expected in names
    assert not any(name.startswith("exporters/") for name in names)
