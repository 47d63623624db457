"""The one loader of tunable data files: what each field type takes, how a fault is named
(file, then the key, arrays counted from 1), and that every bundled file is read by it."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

import manualtui
from manualtui import settings
from manualtui.chapters import load_thresholds
from manualtui.errors import ManualError
from manualtui.exporters.columns import COLUMNS_FILE, load_settings
from manualtui.priority import default_rules_path, load_rules


def _no_gap(table: dict[str, Any]) -> None:
    if table["low"] > table["high"]:
        raise settings.Fault("high", "must not be below low")


SCHEMA = settings.Table(
    {
        "name": settings.Text(),
        "mode": settings.Text(("fast", "slow"), default="slow"),
        "weight": settings.Number(0, 10),
        "count": settings.Whole(1, 5, default=2),
        "on": settings.Flag(default=False),
        "range": settings.Table(
            {"low": settings.Number(0, 100), "high": settings.Number(0, 100)},
            checks=(_no_gap,),
        ),
        "rule": settings.Array(
            settings.Table(
                {"pattern": settings.Pattern(), "words": settings.Array(settings.Text())}
            ),
            default=[],
        ),
        "labels": settings.Map(settings.Text(("a", "b")), settings.Text()),
    }
)
GOOD = 'name = "x"\nweight = 2.5\n[range]\nlow = 1\nhigh = 2\n'


def _load(tmp_path: Path, text: str) -> dict[str, Any]:
    path = tmp_path / "tuning.toml"
    path.write_text(text, encoding="utf-8")
    return settings.load(path, SCHEMA, "the tuning")


def test_a_good_file_is_read_with_its_defaults_filled_in(tmp_path: Path) -> None:
    data = _load(tmp_path, GOOD + '[[rule]]\npattern = "a+"\nwords = ["b"]\n[labels]\na = "A"\n')
    assert data == {
        "name": "x",
        "mode": "slow",
        "weight": 2.5,
        "count": 2,
        "on": False,
        "range": {"low": 1.0, "high": 2.0},
        "rule": [{"pattern": "a+", "words": ["b"]}],
        "labels": {"a": "A"},
    }
    assert isinstance(data["range"]["low"], float)


FAULTS = {
    "a missing key": ("weight = 2.5\n", "name: missing"),
    "a misspelt key": (
        GOOD.replace("weight", "wieght"),
        "wieght: unknown key (known: name, mode, weight, count, on, range, rule, labels)",
    ),
    "text for a number": (GOOD.replace("2.5", '"2.5"'), "weight: must be a number, not '2.5'"),
    "true for a number": (GOOD.replace("2.5", "true"), "weight: must be a number, not True"),
    "a number out of range": (GOOD.replace("2.5", "11"), "weight: must be from 0 to 10, not 11"),
    "not a number at all": (GOOD.replace("2.5", "nan"), "weight: must be from 0 to 10, not nan"),
    "a fraction for a whole number": ("count = 1.5\n" + GOOD, "count: must be a whole number"),
    "a choice no one offers": ('mode = "slower"\n' + GOOD, "mode: must be one of fast, slow"),
    "a flag in words": ('on = "yes"\n' + GOOD, "on: must be true or false, not 'yes'"),
    "a rule across keys": (GOOD.replace("high = 2", "high = 0"), "range.high: must not be"),
    "a table as a value": ('name = "x"\nweight = 2.5\nrange = 3\n', "range: must be a table"),
    "a bad pattern, counted from 1": (
        GOOD + '[[rule]]\npattern = "a"\nwords = []\n[[rule]]\npattern = "(a"\nwords = []\n',
        "rule[2].pattern: missing ), unterminated subpattern at position 0",
    ),
    "a global flag inside a pattern": (
        GOOD + '[[rule]]\npattern = "a(?i)b"\nwords = []\n',
        "rule[1].pattern: global flags not at the start of the expression at position 1",
    ),
    "a list item of the wrong type": (
        GOOD + '[[rule]]\npattern = "a"\nwords = ["b", 3]\n',
        "rule[1].words[2]: must be text, not 3",
    ),
    "a key a map does not allow": (GOOD + '[labels]\nc = "C"\n', "labels.c: must be one of a, b"),
    "a long value, shortened": (
        GOOD.replace('"x"', "[" + "1, " * 5000 + "]"),
        "name: must be text, not [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, ...",
    ),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_fault_is_one_line_naming_the_file_and_the_key(tmp_path: Path, name: str) -> None:
    text, problem = FAULTS[name]
    with pytest.raises(ManualError) as error:
        _load(tmp_path, text)
    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'tuning.toml'}: {problem}")
    assert "\n" not in message and len(message) < 300


def test_the_file_is_read_as_toml_within_the_size_limit_and_never_run(tmp_path: Path) -> None:
    ran = tmp_path / "ran"
    with pytest.raises(ManualError, match="cannot read the tuning"):
        _load(tmp_path, f"import os\nos.system('touch {ran}')\n")
    assert not ran.exists()
    with pytest.raises(ManualError, match="is larger than 4 MiB, the limit for the tuning"):
        _load(tmp_path, GOOD + "# " + "x" * (5 * 1024 * 1024) + "\n")


def test_every_bundled_data_file_is_read_by_the_loader() -> None:
    assert sorted(p.name for p in settings.DATA.glob("*.toml")) == [
        "chapters.toml",
        "priority.toml",
        "split.toml",
    ]
    assert load_thresholds().same_manual_title == 92.0
    assert load_thresholds().twin_min_informative_words == 4
    assert load_thresholds().shared_update_window_months == 12
    assert default_rules_path() == settings.bundled("priority.toml")
    assert len(load_rules().rules) > 10
    assert COLUMNS_FILE.parent.name == "exporters"
    assert [c.field for c in load_settings().checklist[:2]] == ["chapter", "status"]


def test_only_the_loader_and_the_manifest_read_toml() -> None:
    """One loader: no module parses TOML itself, and only it (and the manifest of a folder
    of pages, which is no tunable file) reads a TOML file."""
    package = Path(manualtui.__file__).parent
    parsing, reading = set(), set()
    for path in package.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import | ast.ImportFrom)
            for alias in node.names
        } | {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
        where = path.relative_to(package).as_posix()
        if "tomllib" in names:
            parsing.add(where)
        if "read_toml" in names:
            reading.add(where)
    assert parsing == {"textio.py"}
    assert reading == {"settings.py", "load.py"}


@pytest.mark.parametrize(
    "module", ["parse/split.py", "chapters/thresholds.py", "chapters/renames.py", "compare.py"]
)
def test_weights_and_thresholds_are_data_not_constants(module: str) -> None:
    """No module-level number in the modules that split rows and tell chapters apart: their
    weights and thresholds are in data/split.toml and data/chapters.toml."""
    tree = ast.parse((Path(manualtui.__file__).parent / module).read_text(encoding="utf-8"))
    numbers = [
        ast.unparse(node)
        for node in tree.body
        if isinstance(node, ast.Assign | ast.AnnAssign)
        and isinstance(node.value, ast.Constant)
        and isinstance(node.value.value, int | float)
    ]
    assert numbers == []
