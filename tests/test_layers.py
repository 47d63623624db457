"""The import layers, as a contract over the import graph (every import, including those
inside functions): what each part of the package may import.

- the core (everything but `cli`, `tui` and `exporters`) imports none of those three;
- `exporters` imports the core only;
- `cli` (and `__main__`) imports the core and `exporters`, and the explorer only to open
  it (`tui.launch`);
- `tui` imports the core and `exporters`, never `cli`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import manualtui

PACKAGE = Path(manualtui.__file__).parent
LAYERS = {
    "core": set(),
    "exporters": {"core"},
    "cli": {"core", "exporters", "tui.launch"},
    "tui": {"core", "exporters"},
}


def _modules() -> dict[str, Path]:
    roots = [("manualtui", PACKAGE), ("manualtui.exporters", PACKAGE / "exporters")]
    found = {}
    for prefix, root in roots:
        for path in sorted(root.rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            parts = parts[:-1] if parts[-1] == "__init__" else parts
            found[".".join((prefix, *parts))] = path
    return found


def _imports(name: str, path: Path) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            found.add(target)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {i for i in found if i == "manualtui" or i.startswith("manualtui.")}


def _layer(module: str) -> str:
    rest = module.removeprefix("manualtui").lstrip(".")
    if rest == "__main__":  # `python -m manualtui` runs the command line
        return "cli"
    for layer in ("exporters", "cli", "tui"):
        if rest == layer or rest.startswith(layer + "."):
            return layer
    return "core"


def _allowed(layer: str, target: str) -> bool:
    target_layer = _layer(target)
    if target_layer == layer or target_layer == "core":
        return True
    rest = target.removeprefix("manualtui.")
    return target_layer in LAYERS[layer] or any(
        rest == allowed or rest.startswith(allowed + ".") for allowed in LAYERS[layer]
    )


MODULES = _modules()


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_imports_respect_the_layers(name: str) -> None:
    layer = _layer(name)
    wrong = sorted(t for t in _imports(name, MODULES[name]) if not _allowed(layer, t))
    assert not wrong, f"{name} ({layer}) may not import {wrong}"


def test_the_contract_refuses_what_it_should() -> None:
    assert not _allowed("core", "manualtui.tui.app")
    assert not _allowed("core", "manualtui.exporters")
    assert not _allowed("exporters", "manualtui.cli.app")
    assert not _allowed("cli", "manualtui.tui.screens.compare")
    assert not _allowed("tui", "manualtui.cli")
    assert not _allowed("cli", "manualtui.tui.app")
    assert _allowed("cli", "manualtui.tui.launch")
    assert _allowed("tui", "manualtui.exporters.atomic")


def test_the_contract_sees_every_part_of_the_package() -> None:
    layers = {_layer(name) for name in MODULES}
    assert layers == set(LAYERS)
    assert len(MODULES) > 60


def test_the_readme_layout_names_every_module_and_data_file() -> None:
    """The README's "Layout of the code" shows the grain as it is: every module of the core,
    the explorer, the command line and the exporters, and every data file."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout of the code", 1)[1].split("\n## ", 1)[0]
    missing = []
    for name, path in MODULES.items():
        parts = name.split(".")[1:]
        if path.name == "__init__.py":
            wanted = f"{parts[-1]}/" if parts else "__init__.py"
        elif len(parts) == 1 or parts[0] in ("exporters", "chapters", "parse", "library", "cli"):
            wanted = path.name
        else:  # the explorer's screens, dialogs and widgets are listed by name
            wanted = path.stem
        if wanted not in layout:
            missing.append(f"{name} ({wanted})")
    for data_file in [*(PACKAGE / "data").glob("*.toml"), PACKAGE / "exporters" / "columns.toml"]:
        if data_file.name not in layout:
            missing.append(data_file.name)
    assert not missing
    assert "settings.py" in layout and "load(path, schema)" in layout
