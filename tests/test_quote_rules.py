"""Single quote-attribution rules, each on sentences written for this test (not taken from any benchmark)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from conftest import run
from dragoman.quotes.extractor import quote_extractor

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def rules_pipeline(pipeline):  # type: ignore[no-untyped-def]
    return replace(pipeline, quotes=quote_extractor(learned=False))


def quotes(pipeline, text: str):  # type: ignore[no-untyped-def]
    return {q.text: q for q in run(pipeline, text).quotes}


def test_the_object_of_cited_is_not_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "Both candidates cited the unemployment figure during the debate in Ohio.")
    assert not [q for q in found.values() if q.speaker is not None and "figure" in q.speaker.text]
    found = quotes(pipeline, "The figure was cited by Senator Elizabeth Warren in a letter to the bank's board.")
    assert not [q for q in found.values() if q.speaker is not None and q.speaker.text == "The figure"]


def test_a_second_quoted_sentence_after_the_cue_is_the_same_speakers(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, '"The ports are open again," the harbour master said. "Ships will sail by Friday."')
    assert len(found) == 2 and any(t.startswith("Ships will sail") for t in found)
    assert [q.speaker is not None and "master" in q.speaker.text for q in found.values()] == [True, True]


def test_subject_inside_the_quote_is_not_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = '"One of the finest officers in the whole Navy," Admiral Lisa Franchetti said in a radio interview.'
    [quote] = quotes(pipeline, text).values()
    assert quote.speaker is not None and "Franchetti" in quote.speaker.text


def test_participle_after_a_preposition_takes_the_clause_subject(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The prime minister answered the question by saying that the budget would be balanced within two years."
    [quote] = quotes(pipeline, text).values()
    assert quote.speaker is not None and "minister" in quote.speaker.text


def test_programme_is_the_channel_not_a_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, 'Speaking on "Meet the Press", the governor said the storm damage would cost billions.')
    assert "Meet the Press" not in found
    [quote] = found.values()
    assert quote.via is not None and quote.via.name == "Meet the Press"


def test_parenthetical_cue_reports_the_clause_it_interrupts(pipeline) -> None:  # type: ignore[no-untyped-def]
    [quote] = quotes(pipeline, "The new border crossing, the Jordanian minister said, would open before the winter.").values()
    assert "would open before the winter" in quote.text and quote.speaker is not None and "minister" in quote.speaker.text


def test_doubled_single_marks_are_quotation_marks(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "''We have nothing to hide,'' the company's lawyer told the court on Tuesday.")
    assert "We have nothing to hide," in found


def test_evaluative_fragment_is_the_subjects_verdict(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, 'The Chinese foreign ministry denounced the visit as a "dangerous provocation" on Wednesday.')
    quote = found["dangerous provocation"]
    assert quote.kind == "mixed" and quote.speaker is not None and quote.speaker.country == "CHN"


def test_a_name_in_quotation_marks_inside_the_subject_is_no_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not quotes(pipeline, 'Fighters of the "Islamic State" group attacked the town overnight.')
    assert not quotes(pipeline, 'The band won the contest in Turin with the song "Stefania" on Saturday.')


def test_quoted_words_nobody_said_are_no_quote(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not quotes(pipeline, 'Then called the ceasefire plan "a trap" in a late-night post.')  # nobody named
    assert "a trap" in quotes(pipeline, 'The defence minister then called the ceasefire plan "a trap" in a late-night post.')


def test_a_claim_noun_with_its_owner(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "Moscow dismissed Kyiv's claim that Russian drones had crossed into Moldova overnight.")
    quote = next(q for t, q in found.items() if "drones had crossed" in t and q.kind != "topic")  # Moscow dismissed it
    assert quote.kind == "indirect" and quote.speaker is not None and quote.speaker.country == "UKR"


def test_evaluative_speech_acts_attribute_their_object_and_topics_are_told_apart(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "The Kenyan foreign minister welcomed the decision to extend the mission by a year.")
    assert any("extend the mission" in t and q.speaker is not None and q.speaker.country == "KEN" for t, q in found.items())
    found = quotes(pipeline, "The Kenyan foreign minister discussed the mission with his Ugandan counterpart.")
    assert found and all(q.kind == "topic" for q in found.values())


def test_a_topic_verb_attributes_what_was_spoken_about(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "At the rally in Denver, the senator spoke at length about the rising price of groceries.")
    quote = next(q for t, q in found.items() if "price of groceries" in t)
    assert quote.kind == "topic" and quote.speaker is not None and "senator" in quote.speaker.text


def test_physical_acts_and_subordinate_topics_are_no_quotes(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not quotes(pipeline, "Armed men attacked a police station near the border before dawn.")
    assert not quotes(pipeline, "Rebels seized the villages that oppose the new provincial governor.")


def test_a_mental_state_in_a_main_clause_is_an_attributed_belief(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "The farmers' union fears that the new tariff will ruin small dairy producers.")
    quote = next(q for t, q in found.items() if "ruin small dairy producers" in t)
    assert quote.kind == "belief" and quote.speaker is not None and "union" in quote.speaker.text


def test_an_intention_or_refusal_is_an_attributed_belief(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "The governor wants to reopen the coastal highway before the summer season.")
    quote = next(q for t, q in found.items() if "reopen the coastal highway" in t)
    assert quote.kind == "belief" and quote.speaker is not None and "governor" in quote.speaker.text
    found = quotes(pipeline, "The ministry declined to say how many prisoners had been released.")
    assert any(q.kind == "belief" and q.speaker is not None and "ministry" in q.speaker.text for q in found.values())


def test_a_passive_or_the_readers_mental_state_is_no_belief(pipeline) -> None:  # type: ignore[no-untyped-def]
    assert not quotes(pipeline, "The new toll is intended to pay for the repairs to the old bridge.")
    assert not quotes(pipeline, "You might want to check the opening hours of the museum before the trip.")


def test_a_question_in_quotes_takes_the_cue_of_the_short_sentence_after_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "“Who will pay for the new bridge over the river?” the mayor asked. The council did not answer.")
    quote = found["Who will pay for the new bridge over the river?"]
    assert quote.speaker is not None and "mayor" in quote.speaker.text


def test_a_quote_after_a_mixed_quote_and_its_cue_goes_on_with_the_same_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "Nadia Brooks said the harbour plan failed because “nobody asked the fishermen first,” she said. "
        "“They know these waters better than any engineer.”"
    )
    found = quotes(pipeline, text)
    quote = found["They know these waters better than any engineer."]
    assert quote.speaker is not None and quote.speaker.text == "she"


def test_a_clause_set_off_by_a_colon_before_the_cue_is_not_what_was_said(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The vote on the dam triggered a fierce row on Monday: farmers said they were being ignored by the ministry."
    found = quotes(pipeline, text)
    assert any(t.startswith("they were being ignored") for t in found), list(found)


def test_a_coordinated_clause_with_its_own_cue_is_a_second_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The mayor said the tram line would open in May, but she noted that the tunnel works were already over budget."
    found = quotes(pipeline, text)
    quote = next(q for t, q in found.items() if t.startswith("that the tunnel works"))
    assert quote.speaker is not None and quote.speaker.text == "she"


def test_a_quote_followed_by_its_own_cue_is_not_a_continuation(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        '"The bridge will reopen in May," the mayor said. "We are proud of the crews who worked through the winter," '
        "added Councillor Ruth Ellison."
    )
    found = quotes(pipeline, text)
    [second] = [q for t, q in found.items() if t.startswith("We are proud")]
    assert second.speaker is not None and "Ellison" in second.speaker.text


def test_a_clause_after_a_full_stop_is_not_reported_by_the_verb_before(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = 'The delay worries the farmers. "We cannot wait another season," their spokeswoman said.'
    found = quotes(pipeline, text)
    assert found and not [q for q in found.values() if q.cue == "worries"]


def test_a_writers_aside_is_no_attribution(pipeline) -> None:  # type: ignore[no-untyped-def]
    found = quotes(pipeline, "It is worth noting that the harbour fund has lost money in every quarter since 2019.")
    assert not found
    found = quotes(pipeline, "It goes without saying that the harbour fund will need a new manager.")
    assert not found


def test_a_dateline_gives_the_speaker_in_apposition(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "LISBON -- Prime Minister Ana Costa, opening the new port terminal on Monday, said it would double exports."
    [quote] = quotes(pipeline, text).values()
    assert quote.speaker is not None and "Costa" in quote.speaker.text


def test_a_lost_subject_is_the_name_a_description_stands_beside(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = (
        "At a forum in Denver, Paula Reyes, the director of the Western Water Council, firmly told a farmer who "
        'asked about prices that "the drought is not over and the reservoirs are still half empty."'
    )
    found = quotes(pipeline, text)
    quote = next(q for t, q in found.items() if t.startswith("the drought"))
    assert quote.speaker is not None and quote.speaker.text in ("Paula Reyes", "Reyes", "Western Water Council")


def test_a_possessive_on_the_object_of_a_presenting_verb_is_its_subjects(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "At a rally in Dayton on Tuesday, Senator Hale laid out her proposals to expand rural broadband."
    [quote] = quotes(pipeline, text).values()
    assert quote.speaker is not None and "Hale" in quote.speaker.text


def test_a_that_relative_speaker_is_its_antecedent(rules_pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "The plant was shut under new safety rules that promise to cut emissions by half."
    [quote] = quotes(rules_pipeline, text).values()  # the rule; the learned filter may drop this intent
    assert quote.speaker is not None and "rules" in quote.speaker.text


@pytest.mark.parametrize(
    "text",
    [  # written for this test: a sentence naming someone else, with no quote, after the quote
        "Amal Haddad, the family's lawyer, spoke to reporters on Monday.\n\n“She was manipulated, and she knows it now. "
        "It has been very dangerous for her to escape.” Donald Trump has not commented on the case.",
        "The lawyer, Amal Haddad, said the woman regretted her choices. “She was manipulated, and she knows it now.” "
        "The prime minister has not commented on her situation.",
    ],
)
def test_a_sentence_about_someone_else_does_not_take_the_quote_before_it(pipeline, text: str) -> None:  # type: ignore[no-untyped-def]
    found = run(pipeline, text).quotes
    assert not any(
        q.speaker is not None and q.speaker.text in ("Donald Trump", "The prime minister") and "manipulated" in q.text
        for q in found
    )


def test_a_bare_cue_in_the_next_sentence_still_names_the_speaker(pipeline) -> None:  # type: ignore[no-untyped-def]
    text = "Floods closed the road.\n\n“We will rebuild every school in the valley.” Mayor Ana Lopez said on Tuesday."
    [quote] = [q for q in run(pipeline, text).quotes if q.text.startswith("We will rebuild")]
    assert quote.speaker is not None and "Lopez" in quote.speaker.text
