"""The one loader: sources in, a `Library` out. The CLI, TUI, tests and benchmarks all call it.

A source is a path (`PATH`) or a named path (`NAME=PATH`, NAME being the council). A path
is a page; a folder (the pages its `manifest.toml` names, else every page in it); a
`manifest.toml` (the pages it names); a glob (`pages/*.html`: the pages and folders it
matches); or `-`, a page piped on standard input. A page named twice is read once. With no
sources the user's library is loaded when it has manuals, else the bundled samples. Every
page is read, its layout detected and parsed into a draft; one-line rows are then split
using the titles every loaded page (and the bundled samples) shows on their own; finally
chapters and priorities are assigned, reporting progress to a callback if one is given.
`load_stages` gives the explorer the first manual before the others when they take a while
to read.
"""

from __future__ import annotations

import gc
import glob
import hashlib
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import cache as library_cache
from .errors import ManualError
from .model import ChapterNames, Diagnostic, Item, Library, Manual, Severity
from .printable import has_unprintable, printable, printable_line
from .textio import decode_page, read_page_bytes, read_page_text, read_stdin_page, read_toml

if TYPE_CHECKING:
    from .parse import PageDraft
    from .parse.split import TitleIndex


PAGE_SUFFIXES = (".txt", ".html", ".htm")
MANIFEST = "manifest.toml"
STDIN = "-"
_STDIN_NAME = "<stdin>"
_GLOB = re.compile(r"[*?[]")

LoadProgress = Callable[[int, int], None]
"""Called with the steps done and the steps in all while pages are parsed (not when the
cache has them)."""


@dataclass(frozen=True)
class Source:
    """A page to load, with the council and manual names to show for it (if known); `data`
    holds the page's bytes when they were not read from `path` (standard input)."""

    path: Path
    council: str = ""
    title: str = ""
    data: bytes | None = None


def parse_source(text: str) -> Source:
    """`PATH` or `NAME=PATH` as typed on the command line."""
    name, sep, path = text.partition("=")
    if sep and name and not _exists(Path(text)):
        return Source(Path(path), council=name.strip())
    return Source(Path(text))


def _exists(path: Path) -> bool:
    """Whether something is at `path`; False where the system cannot tell (a name too long,
    a folder that cannot be searched): reading it will then say what is wrong."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def samples_dir() -> Path:
    """The bundled samples: inside the installed package, or beside the source tree."""
    installed = Path(__file__).parent / "samples"
    if installed.is_dir():
        return installed
    return Path(__file__).resolve().parents[2] / "samples"


def manifest_sources(folder: Path) -> list[Source]:
    """The sources a folder's `manifest.toml` names, with their councils and titles."""
    return list(_read_manifest(*_manifest_version(folder)))


def _manifest_version(folder: Path) -> tuple[Path, int, int]:
    """A folder's manifest, its size and its time of change (what the reading is cached by)."""
    manifest = folder / MANIFEST
    try:
        stat = manifest.stat()
    except (OSError, ValueError) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise ManualError(str(manifest), f"cannot read the manifest ({reason})") from None
    return manifest, stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=32)
def _read_manifest(manifest: Path, size: int, mtime_ns: int) -> tuple[Source, ...]:
    """A manifest's sources, read once per version of the file (a corpus of 200 pages beside
    one manifest would otherwise read it 200 times)."""
    data = read_toml(manifest, "the manifest")
    manuals = data.get("manual", [])
    if not isinstance(manuals, list) or not all(isinstance(m, dict) for m in manuals):
        raise ManualError(str(manifest), "'manual' must be a list of [[manual]] tables")
    return tuple(_manifest_source(manifest, number, m) for number, m in enumerate(manuals, start=1))


def _manifest_source(manifest: Path, number: int, table: dict[str, object]) -> Source:
    fields = {key: table.get(key, "") for key in ("file", "council", "title")}
    wrong = [key for key, value in fields.items() if not isinstance(value, str)]
    if not fields["file"] or wrong:
        problem = f"'{wrong[0]}' must be text" if wrong else "'file' is missing"
        raise ManualError(str(manifest), f"manual {number}: {problem}")
    return Source(
        manifest.parent / str(fields["file"]),
        council=str(fields["council"]),
        title=str(fields["title"]),
    )


def folder_sources(folder: Path) -> list[Source]:
    """A folder's pages: those its `manifest.toml` names, else every `.txt`, `.html` or
    `.htm` file in it (hidden files aside)."""
    if _exists(folder / MANIFEST):
        return manifest_sources(folder)
    try:
        pages = [
            Source(path)
            for path in sorted(folder.iterdir())
            if path.suffix.lower() in PAGE_SUFFIXES
            and path.is_file()
            and not path.name.startswith(".")
        ]
    except OSError as error:
        raise ManualError(str(folder), f"cannot be read ({error.strerror or error})") from None
    if not pages:
        raise ManualError(str(folder), "has no pages (.txt, .html or .htm files)")
    return pages


def bundled_sources() -> list[Source]:
    return manifest_sources(samples_dir())


def default_sources() -> list[Source]:
    """With no sources: the user's library when it has manuals, else the bundled samples."""
    from .library.snapshots import library_sources

    return library_sources() or bundled_sources()


def load_manuals(
    sources: Iterable[Source | str | Path] = (), progress: LoadProgress | None = None
) -> Library:
    """Read, parse and annotate the given pages (`default_sources()` when none are given)."""
    *_, whole = _stages(sources, progress, preview=False)
    return whole.library


@dataclass(frozen=True)
class Stage:
    """A library as far as it is read: `manuals` is how many the whole library has."""

    library: Library
    manuals: int

    @property
    def complete(self) -> bool:
        return len(self.library.manuals) == self.manuals


# Other pages of at least this many bytes take a second or so to read: the first manual is
# worth showing before them.
PREVIEW_BYTES = 500_000


def load_stages(
    sources: Iterable[Source | str | Path] = (), progress: LoadProgress | None = None
) -> Iterator[Stage]:
    """The library in stages, as the explorer shows it: where the other pages have
    `PREVIEW_BYTES` or more, first the first manual by itself (from the cache, as the whole
    library has it; else read alone, so its reading may still change with what the other
    pages show, such as the titles they give), then the whole library."""
    return _stages(sources, progress, preview=True)


def _stages(
    sources: Iterable[Source | str | Path], progress: LoadProgress | None, preview: bool
) -> Iterator[Stage]:
    # Loading creates millions of long-lived objects and no cycles worth collecting: the
    # cyclic collector would rescan them again and again (half the time at 100,000 entries).
    enabled = gc.isenabled()
    gc.disable()
    try:
        resolved = _resolve(sources) or default_sources()
        pages = [(source, _page_bytes(source)) for source in resolved]
        key = _cache_key(pages)
        if preview and len(pages) > 1 and sum(len(d) for _, d in pages[1:]) >= PREVIEW_BYTES:
            first = library_cache.read_first(key) if key else None
            yield Stage(first or _load(pages[:1], _no_progress), len(pages))
        library = library_cache.read(key) if key else None
        if library is None:
            library = _load(pages, progress or _no_progress)
            if key:
                library_cache.write(key, library)
        yield Stage(library, len(pages))
    finally:
        if enabled:
            gc.enable()


def _page_bytes(source: Source) -> bytes:
    return source.data if source.data is not None else read_page_bytes(source.path)


def _no_progress(done: int, total: int) -> None:
    """The progress callback when the caller gives none."""


def _cache_key(pages: Sequence[tuple[Source, bytes]]) -> str | None:
    if not library_cache.enabled():
        return None
    return library_cache.cache_key(
        ((str(s.path), s.council, s.title, data) for s, data in pages),
        [s.path for s in bundled_sources()] + [samples_dir() / "manifest.toml"],
    )


def _load(pages: Sequence[tuple[Source, bytes]], progress: LoadProgress) -> Library:
    """Parse every page, then finish each with the titles all of them show, then assign
    chapters: two steps a page and one for the library, reported to `progress`."""
    from .parse import build_index, finish_page, parse_page

    total = 2 * len(pages) + 1
    texts = [decode_page(data, str(source.path)) for source, data in pages]
    drafts = []
    for (source, _), text in zip(pages, texts, strict=True):
        drafts.append((source, parse_page(text.text, str(source.path))))
        progress(len(drafts), total)
    index = build_index([d for _, d in drafts])
    index.extend(_bundled_index())
    names = [(_council(s, d), _title(s, d)) for s, d in drafts]
    manuals = []
    for (_, draft), (council, title), text in zip(drafts, names, texts, strict=True):
        manual = finish_page(draft, index, council=council, title=title)
        manuals.append(_clean_text(manual, text.diagnostics))
        progress(len(pages) + len(manuals), total)
    library = build_library(manuals)
    progress(total, total)
    return library


def _clean_text(manual: Manual, decoding: tuple[Diagnostic, ...]) -> Manual:
    """The manual with control characters and escape sequences removed from its text (a page
    can hold them as bytes or, in HTML, as character references), a diagnostic on each line
    that held some, and what decoding the page found among its diagnostics."""
    texts = [manual.council, manual.title, *(d.message for d in manual.diagnostics)]
    for release in manual.releases:
        texts += [release.label, *(n.text for n in release.notes)]
        texts += [t for e in release.entries for t in (e.title, e.link, *e.details)]
    if not decoding and not has_unprintable("".join(texts)):
        return manual  # the usual case, found in one pass
    found: list[Diagnostic] = []

    def clean(text: str, line: int) -> str:
        if not has_unprintable(text):
            return text
        message = "control characters removed from the text"
        found.append(Diagnostic(line, message, Severity.WARNING, "control"))
        return printable(text)

    releases = tuple(
        replace(
            r,
            label=clean(r.label, r.line),
            entries=tuple(
                replace(
                    e,
                    title=clean(e.title, e.first_line),
                    details=tuple(clean(d, e.first_line) for d in e.details),
                    link=clean(e.link, e.first_line),
                )
                for e in r.entries
            ),
            notes=tuple(replace(n, text=clean(n.text, n.line)) for n in r.notes),
        )
        for r in manual.releases
    )
    diagnostics = [replace(d, message=printable(d.message)) for d in manual.diagnostics]
    unique = dict.fromkeys((*decoding, *found))
    return replace(
        manual,
        releases=releases,
        diagnostics=tuple(sorted((*unique, *diagnostics), key=lambda d: d.line)),
    )


def _with_keys(manuals: Sequence[Manual]) -> list[Manual]:
    """The manuals with their keys; the council numbered where two pages would otherwise
    show as the same manual ("amendments", "amendments (2)")."""
    seen: dict[str, int] = {}
    keyed = []
    for manual in manuals:
        key = manual_key(manual.council, manual.title)
        count = seen[key] = seen.get(key, 0) + 1
        if count > 1:
            manual = replace(manual, council=f"{manual.council} ({count})")
            key = f"{key}-{count}"
        keyed.append(replace(manual, key=key))
    return keyed


def _resolve(sources: Iterable[Source | str | Path]) -> list[Source]:
    """The pages the sources name, each once (the first naming wins), with their names."""
    resolved: dict[str, Source] = {}
    for source in sources:
        if isinstance(source, Source):
            pages = [source]
        elif isinstance(source, Path):
            pages = [Source(source)]
        else:
            pages = _expand(parse_source(source))
        for page in pages:
            same = _STDIN_NAME if page.data is not None else os.path.abspath(page.path)
            resolved.setdefault(same, page)
    return [_with_manifest_names(s) for s in resolved.values()]


def _expand(source: Source) -> list[Source]:
    """The pages one source as typed names: standard input, a folder's, a manifest's, a
    glob's (the pages and folders it matches), or the page itself."""
    text = str(source.path)
    if text == STDIN:
        return [Source(Path(_STDIN_NAME), source.council, data=read_stdin_page(_STDIN_NAME))]
    if _is_folder(source.path):
        pages = folder_sources(source.path)
    elif source.path.name == MANIFEST and _exists(source.path):
        pages = manifest_sources(source.path.parent)
    elif _GLOB.search(text) and not _exists(source.path):
        pages = _glob(text)
    else:
        return [source]
    return [Source(p.path, source.council or p.council, p.title) for p in pages]


def _glob(pattern: str) -> list[Source]:
    matches = [
        Path(found)
        for found in sorted(glob.glob(pattern))
        if Path(found).suffix.lower() in PAGE_SUFFIXES
        or Path(found).name == MANIFEST
        or _is_folder(Path(found))
    ]
    if not matches:
        raise ManualError(pattern, "matches no page (.txt, .html or .htm file) or folder")
    return [page for path in matches for page in _expand(Source(path))]


def _is_folder(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _with_manifest_names(source: Source) -> Source:
    """Fill in council and title from a `manifest.toml` beside the file, if it names it."""
    if (source.council and source.title) or source.data is not None:
        return source
    manifest = source.path.parent / MANIFEST
    try:
        if not manifest.is_file():
            return source
    except (OSError, ValueError):  # the page itself will say what is wrong
        return source
    named = _named_in(*_manifest_version(source.path.parent)).get(source.path.name)
    if named is None:
        return source
    return Source(source.path, source.council or named.council, source.title or named.title)


@lru_cache(maxsize=32)
def _named_in(manifest: Path, size: int, mtime_ns: int) -> Mapping[str, Source]:
    """A manifest's sources by file name, the first of each name (looked up once per page:
    a scan of the list per page grows with the square of the pages)."""
    named: dict[str, Source] = {}
    for source in _read_manifest(manifest, size, mtime_ns):
        named.setdefault(source.path.name, source)
    return named


@cache
def _bundled_index() -> TitleIndex:
    from .parse import build_index, parse_page

    drafts = [parse_page(read_page_text(s.path), str(s.path)) for s in bundled_sources()]
    return build_index(drafts)


def _council(source: Source, draft: PageDraft) -> str:
    return printable_line(source.council or draft.council_hint or source.path.stem)


def _title(source: Source, draft: PageDraft) -> str:
    return printable_line(source.title or draft.title_hint or "Procedures Manual")


def manual_key(council: str, title: str) -> str:
    """What identifies a manual whatever else is loaded: its council and title as a slug,
    "luton-borough-council/childrens-services-procedures-manual"."""
    return f"{_slug(council)}/{_slug(title)}"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.casefold().replace("'", ""))) or "untitled"


def _entry_ids(manual: Manual) -> list[str]:
    """`<manual key>/<release>/<hash>` per entry, the same in every snapshot of the page:
    the hash is of the entry's title in normal form (its details where the page lost the
    title) and its ordinal among the release's entries of that title, so an entry that
    arrives above or beside another does not change the other's id."""
    from .chapters import normalise_title

    seen: Counter[tuple[str, str]] = Counter()
    ids = []
    for release, entry in manual.entries():
        if entry.title.strip():
            subject = "title " + (normalise_title(entry.title) or entry.title.casefold().strip())
        else:
            subject = "details " + _digest(" ".join(entry.details_text.split()).casefold())
        seen[(release.key, subject)] += 1
        ordinal = str(seen[(release.key, subject)])
        ids.append(f"{manual.key}/{release.key}/{_digest(subject, ordinal)}")
    return ids


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def build_library(manuals: Sequence[Manual]) -> Library:
    """The library of parsed manuals: their keys, each entry's chapter and priority."""
    from .chapters import assign_chapters
    from .priority import assess, load_rules

    rules = load_rules()
    manuals = _with_keys(manuals)
    items: list[Item] = []
    names: list[ChapterNames] = []
    for manual, (assignments, chapter_names) in zip(manuals, assign_chapters(manuals), strict=True):
        names += chapter_names
        for (release, entry), chapter, item_id in zip(
            manual.entries(), assignments, _entry_ids(manual), strict=True
        ):
            items.append(
                Item(
                    id=item_id,
                    manual=manual,
                    release=release,
                    entry=entry,
                    chapter=chapter.chapter,
                    chapter_title=chapter.title,
                    assessment=assess(entry, rules),
                    title_inferred=chapter.inferred,
                    inference=chapter.evidence,
                    title_confidence=chapter.confidence,
                )
            )
    return Library(manuals=tuple(manuals), items=tuple(items), chapter_names=tuple(names))
