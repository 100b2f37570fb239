"""The meanings the model gives vocabulary values name values of their vocabulary.

A comparison or a view that acts on some values only (the relations with a direction,
the outcomes that take members out of a force...) reads them from the model; a value
renamed or removed from its vocabulary must not leave a meaning naming nothing.
"""

from __future__ import annotations

import pytest

from mali_conflict_data import model

# (declared meaning, its values, the vocabulary they must belong to)
MEANINGS = [
    ("DIRECTED_RELATIONS", model.DIRECTED_RELATIONS, model.STATED_RELATIONS),
    ("ORIGIN_RELATIONS", model.ORIGIN_RELATIONS, model.STATED_RELATIONS),
    ("CLASHING_ROLES", [r for pair in model.CLASHING_ROLES for r in pair], model.EVENT_ROLES),
    ("OPPOSING_ROLES", list(model.OPPOSING_ROLES), model.EVENT_ROLES),
    ("SIDE_ROLE", [model.SIDE_ROLE], model.EVENT_ROLES),
    ("EXPOSED_ROLES", model.EXPOSED_ROLES, model.EVENT_ROLES),
    ("LOSS_OUTCOMES", model.LOSS_OUTCOMES, model.OUTCOMES),
    ("HEADLINE_OUTCOME", [model.HEADLINE_OUTCOME], model.OUTCOMES),
    ("MEMBER_GROUPS", model.MEMBER_GROUPS, model.VICTIM_GROUPS),
    ("EVERY_PERSONNEL_KIND", [model.EVERY_PERSONNEL_KIND], model.PERSONNEL_KINDS),
    ("FACT_STATUSES", model.FACT_STATUSES, model.DEPLOYMENT_STATUSES),
    ("POINT_PRECISIONS", model.POINT_PRECISIONS, model.GEO_PRECISIONS),
    ("ORIGIN within DIRECTED", model.ORIGIN_RELATIONS, model.DIRECTED_RELATIONS),
    ("DATE_SHOWN keys", list(model.DATE_SHOWN), model.DATE_PRECISIONS),
    ("ROLE_COLUMNS keys", list(model.ROLE_COLUMNS), model.EVENT_ROLES),
]


@pytest.mark.parametrize(("name", "values", "vocabulary"), MEANINGS, ids=[m[0] for m in MEANINGS])
def test_each_meaning_names_values_of_its_vocabulary(name, values, vocabulary) -> None:
    unknown = sorted(set(values) - set(vocabulary))
    assert not unknown, f"{name} declares {unknown}, not in its vocabulary {vocabulary}"


def test_every_precision_says_how_it_is_written() -> None:
    assert list(model.DATE_SHOWN) == model.DATE_PRECISIONS
