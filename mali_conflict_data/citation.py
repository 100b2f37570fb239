"""How to cite the data: from ``CITATION.cff``, shipped with the tables.

``CITATION.cff`` sits beside ``datapackage.json`` (in a checkout, in the
installed package's data and in every release archive). Only its flat keys and
its list of authors are read, so no YAML library is needed.
"""

from __future__ import annotations

import re
from pathlib import Path

from mali_conflict_data._config import PACKAGE_NAME, PROJECT_URL

STYLES = ("text", "bibtex")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


def read_cff(path: Path) -> dict:
    """The top-level keys of a ``CITATION.cff`` and its authors' names (``authors``: list of str).

    An author is its ``name`` (an entity), else ``given-names family-names``.
    """
    data: dict = {}
    authors: list[dict] = []
    section = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        top = re.match(r"^([A-Za-z][\w-]*):\s*(.*)$", line)
        if top:
            section = top.group(1)
            if top.group(2):
                data[section] = _unquote(top.group(2))
            continue
        item = re.match(r"^\s*(-\s+)?([A-Za-z][\w-]*):\s*(.*)$", line)
        if section == "authors" and item:
            if item.group(1) or not authors:
                authors.append({})
            authors[-1][item.group(2)] = _unquote(item.group(3))
    data["authors"] = [
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p)
        for a in authors
    ]
    return data


def cite(style: str = "text", folder: str | Path | None = None) -> str:
    """The citation of the data: ``"text"`` (one line) or ``"bibtex"``.

    Cite also the source articles of the rows you use (``load("sources")``).
    ``folder`` holds the ``datapackage.json`` (and ``CITATION.cff``) to cite
    (default: the data ``load()`` reads).

    >>> print(cite())  # doctest: +ELLIPSIS
    The mali-conflict-data developers (20...). mali-conflict-data: ... (version 0...) [Data set]...
    >>> cite("bibtex").startswith("@misc{mali_conflict_data_")
    True
    """
    from mali_conflict_data.load import _descriptor, data_dir

    if style not in STYLES:
        raise ValueError(f"Unknown citation style {style!r}; choose one of: {', '.join(STYLES)}")
    folder = Path(folder) if folder is not None else data_dir()
    cff = read_cff(folder / "CITATION.cff") if (folder / "CITATION.cff").is_file() else {}
    descriptor = _descriptor(folder)
    version = descriptor.get("version", cff.get("version", ""))
    authors = cff.get("authors") or [f"The {PACKAGE_NAME} developers"]
    title = cff.get("title", descriptor.get("title", PACKAGE_NAME))
    year = str(cff.get("date-released", ""))[:4] or "n.d."
    url = cff.get("repository-code", PROJECT_URL)
    licence = cff.get("license", (descriptor.get("licenses") or [{}])[0].get("name", ""))
    if style == "text":
        return (
            f"{'; '.join(authors)} ({year}). {title} (version {version}) [Data set]. "
            f"{url}. Licence: {licence}."
        )
    key = "mali_conflict_data_" + re.sub(r"\W", "_", version)
    return "\n".join(
        [
            f"@misc{{{key},",
            "  author = {" + " and ".join("{" + a + "}" for a in authors) + "},",
            f"  title = {{{title}}},",
            f"  year = {{{year}}},",
            f"  version = {{{version}}},",
            f"  url = {{{url}}},",
            f"  note = {{Data set. Licence: {licence}}},",
            "}",
        ]
    )
