"""Descriptors checked against the standard's own profiles before any value is used.

``datapackage.json`` is validated against the Data Package v2.0 JSON Schema profile,
and each ``schemas/*.json`` against the Table Schema v2.0 profile, both vendored
unchanged in ``mali_conflict_data/profiles/2.0`` (Unlicense; their source, commit
and SHA-256 in ``SOURCE.json`` there). :func:`problem` answers in one line with the
JSON path of the first problem and what the profile expects there. A document is
validated once per process per SHA-256 of its bytes; ``jsonschema`` is imported on
the first check, never with the package.

>>> problem("datapackage", {"resources": [{"name": 5, "path": "a.csv"}]})
'at $.resources[0].name: expected a string (found a number: 5)'
>>> problem("tableschema", {"fields": [{"name": "a", "type": "string"}]}) is None
True
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import cache
from pathlib import Path

#: The folder of the vendored profiles.
FOLDER = Path(__file__).with_name("profiles") / "2.0"
#: The profiles, by the name this package uses: what each describes.
PROFILES = {"datapackage": "Data Package", "tableschema": "Table Schema"}

_JSON_TYPES = {
    dict: "an object",
    list: "an array",
    str: "a string",
    bool: "a boolean",
    int: "a number",
    float: "a number",
    type(None): "null",
}
_TYPE_WORDS = {
    "object": "an object",
    "array": "an array",
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
    "null": "null",
}
#: Most items in one array of a descriptor (the project writes at most 60), but for
#: the descriptor's ``sources``, which lists every article (see :data:`MAX_SOURCES`).
MAX_ITEMS = 1000
#: Most JSON values in one descriptor (the project's largest holds under 500), not
#: counting those of its ``sources``. Checking a value against a profile's ``oneOf``
#: branches costs about a millisecond when it is wrong: these bounds keep a hostile
#: document's check to seconds, not hours.
MAX_VALUES = 10_000
#: Most articles a descriptor's ``sources`` lists (1,000,000 synthetic events come with
#: 10,000), each with at most :data:`VALUES_PER_SOURCE` values. A source is a flat
#: object the profile checks in well under a millisecond even when it is wrong.
MAX_SOURCES = 100_000
VALUES_PER_SOURCE = 10
#: A key a JSON path writes after a dot (jsonschema's own rule); others go in ['...'].
_PLAIN_KEY = re.compile(r"[a-zA-Z][a-zA-Z0-9_]*")
#: The results so far, by (profile, SHA-256 of the document's bytes).
_CHECKED: dict[tuple[str, str], str | None] = {}


def problem(profile: str, document: object, digest: str | None = None) -> str | None:
    """The first way ``document`` breaks ``profile`` (``datapackage``, ``tableschema``), or None.

    ``digest`` is the SHA-256 of the bytes ``document`` was parsed from: a document
    with a digest already checked in this process is not checked again.

    >>> problem("datapackage", {"resources": "none"})
    'at $.resources: expected an array (found a string: "none")'
    """
    if digest is None:
        digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    key = (profile, digest)
    if key not in _CHECKED:
        from jsonschema.exceptions import relevance

        too_large = _oversized(document)
        if too_large is None:
            errors = _validator(profile).iter_errors(document)
            too_large = _explain(max(errors, key=relevance, default=None))
        _CHECKED[key] = too_large
    return _CHECKED[key]


def _oversized(document: object) -> str | None:
    """Where ``document`` is far larger than any descriptor the project writes, or None.

    Counted without recursion, before the profile (whose check of a long array of
    wrong values would take minutes).

    >>> _oversized({"fields": [{"constraints": {"enum": list(range(5000))}}]})
    'at $.fields[0].constraints.enum: expected at most 1000 items (found an array of 5000)'
    """
    sources = document.get("sources") if isinstance(document, dict) else None
    if isinstance(sources, list):
        if len(sources) > MAX_SOURCES:
            found = f"found an array of {len(sources)}"
            return f"at $.sources: expected at most {MAX_SOURCES} items ({found})"
        budget = VALUES_PER_SOURCE * len(sources)  # a source's own values, beyond MAX_VALUES
    else:
        budget = 0
    seen, stack = 0, [("$", document)]
    while stack:
        where, value = stack.pop()
        seen += 1
        if seen > MAX_VALUES + budget:
            return f"at $: expected at most {MAX_VALUES + budget} values in all (found more)"
        if isinstance(value, list):
            if len(value) > MAX_ITEMS and not (where == "$.sources" and value is sources):
                found = f"found an array of {len(value)}"
                return f"at {where}: expected at most {MAX_ITEMS} items ({found})"
            stack.extend((f"{where}[{i}]", item) for i, item in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((_member(where, key), item) for key, item in value.items())
    return None


def _member(where: str, key: object) -> str:
    """The JSON path of ``key`` in the object at ``where`` (as jsonschema writes it)."""
    text = str(key)
    if _PLAIN_KEY.fullmatch(text):
        return f"{where}.{text}"
    return "{}['{}']".format(where, text.replace("\\", "\\\\").replace("'", "\\'"))


@cache
def _validator(profile: str):
    """The compiled validator of ``profile`` (each profile is read once per process)."""
    import jsonschema

    schema = json.loads((FOLDER / f"{profile}.json").read_text(encoding="utf-8"))
    base = jsonschema.validators.validator_for(schema)
    # jsonschema's uniqueItems compares every pair of items it cannot sort (objects,
    # mixed types): a Table Schema with 2,000 objects in an enum took two minutes.
    hashed = jsonschema.validators.extend(base, {"uniqueItems": _unique_items})
    return hashed(schema)


def _unique_items(validator, unique, instance, schema):
    """The ``uniqueItems`` keyword in linear time: items compared by a hashable key."""
    from jsonschema.exceptions import ValidationError

    if unique and validator.is_type(instance, "array") and not _unique(instance):
        yield ValidationError(f"the {len(instance)} items are not all different")


def _unique(items: list) -> bool:
    """Whether no two of ``items`` are equal as JSON values (1 == 1.0, but True != 1).

    >>> _unique([{"a": 1, "b": 2}, {"b": 2, "a": 1.0}]), _unique([1, True, "1"])
    (False, True)
    """
    keys = set()
    for item in items:
        key = _key(item)
        if key in keys:
            return False
        keys.add(key)
    return True


def _key(value: object) -> object:
    """A hashable key equal for JSON-equal values (objects in any key order)."""
    if isinstance(value, dict):
        return ("object", frozenset((k, _key(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_key(v) for v in value))
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    return (type(value) is str, value)  # 1 and 1.0 hash and compare equal


def _explain(error) -> str | None:
    """One line for a jsonschema error: where (a JSON path), what was expected, what was found."""
    if error is None:
        return None
    where, expected, instance = _narrowed(error)
    return f"at {where}: expected {expected} (found {_found(instance)})"


def _narrowed(error) -> tuple[str, str, object]:
    """Where, what is expected and what is found, inside the ``oneOf`` branch meant.

    A Table Schema field is one of several kinds, told apart by its ``type``: the
    branch whose ``type`` matched says what is wrong with the field; a ``type`` no
    branch knows is reported at the ``type``; a value of a JSON type no branch takes
    is reported as a whole, with the types the branches take. Otherwise the branch
    with the fewest problems is the one meant (a foreign key of arrays or of strings).
    """
    from jsonschema.exceptions import relevance

    while error.validator in ("oneOf", "anyOf") and error.context:
        branches: dict[object, list] = {}
        for sub in error.context:
            branches.setdefault(sub.schema_path[0], []).append(sub)
        fitting = [errors for errors in branches.values() if not _wrong_type_only(errors)]
        if not fitting:
            return error.json_path, _expected(error), error.instance
        if all(e.validator == "required" and not e.relative_path for e in error.context):
            wanted = " or ".join(dict.fromkeys(_expected(e) for e in error.context))
            return error.json_path, wanted, error.instance
        kinds = [errors for errors in fitting if not any(_at_type(e) for e in errors)]
        if not kinds and all(any(_at_type(e) for e in errors) for errors in fitting):
            known = [
                value
                for errors in fitting
                for e in errors
                if _at_type(e)
                for value in (e.validator_value if e.validator == "enum" else [e.validator_value])
            ]
            names = ", ".join(json.dumps(v) for v in dict.fromkeys(known))
            found = error.instance.get("type") if isinstance(error.instance, dict) else None
            return f"{error.json_path}.type", "one of " + _short(names), found
        # the branch the value comes closest to: the fewest problems
        error = max(min(kinds or fitting, key=len), key=relevance)
    return error.json_path, _expected(error), error.instance


def _wrong_type_only(errors: list) -> bool:
    """Whether a branch refused the value only for being of another JSON type."""
    return all(e.validator == "type" and not e.relative_path for e in errors)


def _at_type(error) -> bool:
    """Whether ``error`` is about the ``type`` property of the value (a field's kind)."""
    return list(error.relative_path) == ["type"] and error.validator in ("enum", "const")


def _expected(error) -> str:
    """What the profile expects where ``error`` is, in words."""
    value = error.validator_value
    if error.validator in ("oneOf", "anyOf"):
        kinds = [
            _types(branch["type"])
            for branch in value
            if isinstance(branch, dict) and "type" in branch
        ]
        return " or ".join(dict.fromkeys(kinds)) or "one of the forms the profile allows"
    if error.validator == "type":
        return _types(value)
    if error.validator == "enum":
        return "one of " + _short(", ".join(json.dumps(v) for v in value))
    if error.validator == "const":
        return json.dumps(value)
    if error.validator == "required":
        missing = [name for name in value if name not in (error.instance or {})]
        return "the property " + ", ".join(map(repr, missing or value))
    if error.validator == "minItems":
        return f"at least {value} item{'s' if value != 1 else ''}"
    if error.validator == "minLength":
        return f"text of at least {value} character{'s' if value != 1 else ''}"
    if error.validator == "uniqueItems":
        return "items that are all different"
    if error.validator == "pattern":
        about = error.schema.get("description") or error.schema.get("title") or ""
        return _short(f"text matching the pattern {value}") + (f" ({about})" if about else "")
    return _short(error.message)


def _types(value: object) -> str:
    names = value if isinstance(value, list) else [value]
    return " or ".join(_TYPE_WORDS.get(str(name), str(name)) for name in names)


def _found(instance: object) -> str:
    """The JSON type of ``instance``, with a scalar's value (short)."""
    word = _JSON_TYPES.get(type(instance), type(instance).__name__)
    if isinstance(instance, (dict, list)) or instance is None:
        return word
    return f"{word}: {_short(json.dumps(instance, ensure_ascii=True), 60)}"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
