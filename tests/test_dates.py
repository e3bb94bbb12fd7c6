from __future__ import annotations

from datetime import date

import pytest

from dragoman.dates import resolve_expression

MONDAY = date(2021, 5, 17)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yesterday, Sunday", date(2021, 5, 16)),
        ("earlier on Sunday", date(2021, 5, 16)),
        ("Sunday evening", date(2021, 5, 16)),
        ("last Thursday", date(2021, 5, 13)),
        ("today", MONDAY),
        ("Monday", MONDAY),
        ("tomorrow", date(2021, 5, 18)),
        ("three days ago", date(2021, 5, 14)),
        ("May 16", date(2021, 5, 16)),
        ("16 May", date(2021, 5, 16)),
        ("December 30", date(2020, 12, 30)),
        ("the past hours", None),
        ("May 16, 2019", date(2019, 5, 16)),
        ("16 May 2019", date(2019, 5, 16)),
        ("two weeks ago", date(2021, 5, 3)),
        ("Sept. 3", date(2020, 9, 3)),
        ("May 20", date(2021, 5, 20)),
        ("Friday night", date(2021, 5, 14)),
        ("in March", None),
        ("the 1990s", None),
        ("last year", None),
    ],
)
def test_relative_dates_resolve_against_the_article_date(text: str, expected: date | None) -> None:
    assert resolve_expression(text, MONDAY) == expected


def test_weekdays_point_forward_for_stated_intent() -> None:
    assert resolve_expression("on Thursday", MONDAY, future=True) == date(2021, 5, 20)
