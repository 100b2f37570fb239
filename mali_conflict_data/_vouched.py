"""Release folders :func:`~mali_conflict_data.download` unpacked and verified in this process.

``download`` records the (size, SHA-256) of each file as the release archive holds it;
``load`` checks what a descriptor records no checksum for (Table Schemas of releases
before 0.2.0) against those. Both import this module, so neither imports the other's.

>>> import tempfile
>>> folder = tempfile.mkdtemp()
>>> vouch(folder, {"schemas/events.json": (10, "ab" * 32)})
>>> vouched(folder)["schemas/events.json"][0]
10
>>> vouched(tempfile.gettempdir())
{}
"""

from __future__ import annotations

import os

#: The members of each vouched folder (by resolved path): {path in archive: (size, SHA-256)}.
_VOUCHED: dict[str, dict[str, tuple[int, str]]] = {}


def vouch(folder: str | os.PathLike, members: dict[str, tuple[int, str]]) -> None:
    """Record that ``folder`` was unpacked from a verified archive holding ``members``."""
    _VOUCHED[os.path.realpath(folder)] = dict(members)


def vouched(folder: str | os.PathLike) -> dict[str, tuple[int, str]]:
    """The archive members ``folder`` was vouched for ({} when it never was)."""
    return _VOUCHED.get(os.path.realpath(folder), {})
