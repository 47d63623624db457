"""The package as installed: the core stays headless, and a plain wheel carries the samples."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

HEADLESS = [
    "manualtui.model", "manualtui.load", "manualtui.select", "manualtui.record",
    "manualtui.chapters", "manualtui.compare", "manualtui.priority", "manualtui.cli",
    "exporters",
]


def test_core_cli_and_exporters_import_no_ui() -> None:
    code = ("import importlib, json, sys\n"
            f"for name in {HEADLESS!r}: importlib.import_module(name)\n"
            "print(json.dumps(sorted(m for m in sys.modules "
            "if m.split('.')[0] in ('textual', 'rich') or m.startswith('manualtui.tui'))))")
    process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True)
    assert json.loads(process.stdout) == []


def test_wheel_ships_samples_data_and_exporters(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("manualtui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for expected in ["manualtui/samples/manifest.toml", "manualtui/samples/enfield-children.txt",
                     "manualtui/samples/luton-children.txt", "manualtui/data/split.toml",
                     "manualtui/cli.py", "exporters/__init__.py"]:
        assert expected in names
