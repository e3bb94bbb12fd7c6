from __future__ import annotations

from dragoman.nlp import find_paragraphs
from dragoman.quotes.marks import find_quoted_spans


def spans(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_quoted_spans(text, find_paragraphs(text))]


def test_straight_and_curly_marks() -> None:
    assert spans('He said "one" and \u201ctwo\u201d.') == ["one", "two"]


def test_quote_over_paragraphs_repeats_opening_mark_only() -> None:
    text = 'She said: "First part.\n\n"Second part," she added.'
    assert spans(text) == ['First part.\n\n"Second part,']


def test_unbalanced_mark_ends_at_paragraph_and_never_raises() -> None:
    text = 'He said "this never closes\n\nNext paragraph is plain.'
    assert spans(text) == ["this never closes"]
    assert spans('"') == []
    assert spans('""') == []


def test_apostrophes_are_not_quotes_but_single_curly_fragments_are() -> None:
    text = "The minister\u2019s aim is \u2018permanent calm\u2019, he didn\u2019t say."
    assert spans(text) == ["permanent calm"]


def test_paragraph_kinds() -> None:
    text = "Gaza talks resume\n\nThe bombing destroyed homes (Anatolia)\n\nCAIRO (Reuters) - Egypt met Qatar."
    kinds = [p.kind for p in find_paragraphs(text)]
    assert kinds == ["headline", "caption", "body"]
    dateline = find_paragraphs(text)[2]
    assert text[dateline.skip_start :].startswith("Egypt")


def test_straight_single_quotes_as_british_news_writes_them() -> None:
    assert spans("'We will not sit at the table,' a Hamas official said.") == ["We will not sit at the table,"]
    assert spans("She said: 'It is over.' The ministers' meeting ended.") == ["It is over."]
    assert spans("Côte d'Ivoire's minister didn't comment.") == []


def test_a_year_elision_opens_no_quote() -> None:
    text = 'In the late \'90s she ran a bakery; she called it "the best job I ever had," she said.'
    assert spans(text) == ["the best job I ever had,"]
    assert spans("Back in '08 he said 'never again' to a reporter.") == ["never again"]
