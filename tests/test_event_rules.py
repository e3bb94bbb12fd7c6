"""Single event-coding rules, each on sentences written for this test (not in the team corpus)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import run
from dragoman import build_pipeline, make_config

pytestmark = pytest.mark.model
DAY = date(2024, 3, 1)


@pytest.fixture(scope="module")
def rules():  # type: ignore[no-untyped-def]
    """The rule coder alone, so that each test sees the rule it names."""
    return build_pipeline(make_config(learned_typer=False))


def coded(pipeline, text: str) -> set[tuple[str | None, str | None, str | None]]:  # type: ignore[no-untyped-def]
    return {(e.plover, e.source.country, e.target.country if e.target else None) for e in run(pipeline, text, DAY).events}


def pairs(pipeline, text: str) -> set[tuple[str | None, str | None]]:  # type: ignore[no-untyped-def]
    """(PLOVER type, source country) of each event coded in the text."""
    return {e[:2] for e in coded(pipeline, text)}


def test_a_noun_made_from_a_trigger_verb(rules) -> None:  # type: ignore[no-untyped-def]
    text = "The Netherlands announced the suspension of diplomatic ties with Venezuela."
    assert ("SANCTION", "NLD", "VEN") in coded(rules, text)


def test_partitive_and_measure_objects(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("SANCTION", "DEU", "NER") in coded(rules, "Germany suspended part of its development aid to Niger.")
    assert ("AID", "TUR", "SYR") in coded(rules, "Turkey sent 200 tonnes of food and medicine to Syria.")


def test_talks_between_two_sides(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Talks between Ethiopia and Egypt over the Nile dam ended without agreement in Cairo.")
    assert {e for e in events if e[0] == "CONSULT"} & {("CONSULT", "ETH", "EGY"), ("CONSULT", "EGY", "ETH")}


def test_a_visit_described_by_a_relative_clause(rules) -> None:  # type: ignore[no-untyped-def]
    text = "The visit that Brazilian President Lula paid to China in April produced fifteen trade deals."
    assert ("CONSULT", "BRA", "CHN") in coded(rules, text)


def test_the_recipient_of_a_transfer_is_the_target(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Norway delivered field hospitals and water purifiers to Sudan last week.")
    assert ("AID", "NOR", "SDN") in events


def test_whoever_used_the_instrument_is_the_source(rules) -> None:  # type: ignore[no-untyped-def]
    text = "A car bomb planted by Houthi fighters killed four Yemeni soldiers near Marib."
    events = run(rules, text, DAY).events
    assert any(e.plover == "ASSAULT" and "Houthi" in e.source.text and e.target and e.target.country == "YEM" for e in events)


def test_an_act_of_force_with_no_named_agent_has_an_unidentified_source(rules) -> None:  # type: ignore[no-untyped-def]
    events = run(rules, "Four Malian soldiers were killed when their convoy hit a landmine near Gao.", DAY).events
    assault = [e for e in events if e.plover == "ASSAULT"]
    assert assault and assault[0].source.unidentified and assault[0].source.text == ""
    assert assault[0].target is not None and assault[0].target.country == "MLI"
    active = run(rules, "A roadside explosion killed two Afghan policemen in Kandahar on Friday.", DAY).events
    assert any(e.plover == "ASSAULT" and e.source.unidentified and e.target and e.target.country == "AFG" for e in active)


def test_accidents_and_named_subjects_get_no_unidentified_source(rules) -> None:  # type: ignore[no-untyped-def]
    assert not run(rules, "Six Kenyan tourists were killed in a bus crash near Nakuru.", DAY).events
    events = run(rules, "Colonel Mbaye killed three Senegalese rebels, the army said.", DAY).events
    assert events and not [e for e in events if e.source.unidentified]


def test_getting_ready_to_attack_is_a_show_of_force_and_threatening_it_a_threat(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("MOBILIZE", "TUR") in {
        e[:2] for e in coded(rules, "Turkish troops were poised to launch an offensive in northern Syria.")
    }
    assert ("MOBILIZE", "AZE", "ARM") in coded(rules, "Azerbaijan is preparing to attack Armenia, officials in Yerevan said.")
    assert "THREATEN" in {e[0] for e in coded(rules, "Azerbaijan threatened to attack Armenia.")}


def test_what_a_protest_demands_is_the_protest(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Thousands of Chilean students marched through Santiago to demand free university education.")
    assert {e[0] for e in events} == {"PROTEST"}


def test_what_an_accusation_alleges_is_not_coded_as_done(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Human Rights Watch accused the Ethiopian army of killing civilians and burning villages in Tigray."
    assert {e[0] for e in coded(rules, text)} == {"ACCUSE"}


def test_a_promised_noun_event_is_an_intent(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Japan has pledged to continue humanitarian aid to Afghanistan.")
    assert "AGREE" in {e[0] for e in events} and "AID" not in {e[0] for e in events}


def test_a_conjoined_active_verb_shares_a_passive_subject(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Peru's interior minister was censured by Congress on Tuesday and will step down."
    events = run(rules, text, DAY).events
    assert any(e.trigger == "step" and "minister" in e.source.text for e in events)


def test_generic_agents_take_the_country_they_belong_to_or_act_in(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("PROTEST", "VEN", None) in coded(rules, "Hundreds of students rallied in Caracas on Monday.")
    text = "Some 3,000 nurses belonging to the Kenyan nurses' union held a protest against the health ministry."
    assert any(e[1] == "KEN" for e in coded(rules, text))


def test_a_nationality_before_an_adjective_and_a_title_places_an_unknown_official(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Ghanaian deputy trade minister Kofi Asante met Togo's ambassador in Accra.")
    assert ("CONSULT", "GHA", "TGO") in events


def test_a_reduced_relative_is_not_the_speaker(rules) -> None:  # type: ignore[no-untyped-def]
    text = "The World Food Programme operating in Yemen said the Houthis must release its detained staff."
    assert any(e[0] == "REQUEST" and e[1] == "IGO" for e in coded(rules, text))


def test_complaints_and_pressure_with_a_clause(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Opposition parties in Zambia protested that the electoral commission had rigged the count."
    assert "ACCUSE" in {e[0] for e in coded(rules, text)}
    assert ("REQUEST", "USA", "KOR") in coded(rules, "Washington pressured Seoul to drop the new tariff.")


def test_handing_over_relief_supplies_is_aid(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("AID", "FRA", "TCD") in coded(rules, "French medics handed over ten tonnes of vaccines to Chad.")


def test_defunct_states_take_their_successors_codes(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("RETREAT", "RUS", "AFG") in coded(rules, "Soviet troops withdrew from Afghanistan in February.")
    assert any(e[1] == "SRB" for e in coded(rules, "Yugoslavia expelled two Albanian diplomats."))


def test_a_manner_clause_shares_its_verbs_subject_and_a_reason_clause_does_not(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("ASSAULT", "ETH", "ERI") in coded(rules, "Ethiopia retaliated on Sunday by shelling Eritrea's border posts.")
    events = run(rules, "Kenyan police detained a Somali man for attacking a church in Mombasa.", DAY).events
    assert events and not [e for e in events if e.source.unidentified]
    assert not [e for e in events if e.plover == "ASSAULT" and e.source.country == "KEN"]


def test_phrasal_investigation_refusal_and_petition(rules) -> None:  # type: ignore[no-untyped-def]
    events = run(rules, "Two Ukrainian officials were placed under investigation in Poland over the grain deal.", DAY).events
    assert any(e.plover == "ACCUSE" and e.cameo == "090" and e.target and e.target.country == "UKR" for e in events)
    assert ("REJECT", "HUN", None) in coded(rules, "Hungary denied permission for the march through Budapest.")
    petition = coded(rules, "Kenyan opposition activists began collecting signatures against the tax bill.")
    assert "PROTEST" in {e[0] for e in petition}


def test_an_unnamed_agent_in_a_where_clause_is_background(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Pakistan vowed to retaliate for the raid on Peshawar, where twelve Pakistani soldiers were killed."
    events = run(rules, text, DAY).events
    assert events and not [e for e in events if e.source.unidentified]


def test_what_a_document_is_for_is_not_an_act(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Chile said it would back an OAS resolution that seeks to suspend Nicaragua and impose sanctions on Managua."
    events = coded(rules, text)
    assert "AGREE" in {e[0] for e in events} and not {"SANCTION", "COERCE", "THREATEN"} & {e[0] for e in events}
    strike = coded(rules, "The Israeli airstrike that killed five Lebanese medics drew protests.")
    assert ("ASSAULT", "ISR") in {e[:2] for e in strike}


def test_what_an_ultimatum_demands_is_not_done(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Ankara gave Stockholm an ultimatum to expel the activists within a week.")
    assert {e[0] for e in events} == {"THREATEN"}


def test_an_unnamed_agent_takes_the_country_where_the_act_happened(rules) -> None:  # type: ignore[no-untyped-def]
    events = run(rules, "Two Nigerian engineers were kidnapped outside the Malian town of Gao on Monday.", DAY).events
    assert any(e.source.unidentified and e.source.country == "MLI" and e.target and e.target.country == "NGA" for e in events)
    border = run(rules, "Two Indian soldiers were killed in an ambush near the Chinese border.", DAY).events
    unnamed = [e for e in border if e.source.unidentified]
    assert unnamed and not [e for e in unnamed if e.source.country is not None]


def test_a_surname_several_leaders_share_is_their_country(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "The Clinton administration urged Pakistan to sign the test-ban treaty.")
    assert ("REQUEST", "USA", "PAK") in events


def test_an_intent_takes_the_most_specific_cameo_code(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Bolivian President Evo Morales said he would resign if the courts annulled the vote."
    events = run(rules, text, date(2019, 11, 9)).events
    assert any(e.cameo == "0341" and e.plover == "AGREE" and e.source.country == "BOL" for e in events)
    refusals = run(rules, "Belarus refused to release the detained Polish journalists.", DAY).events
    assert any(e.cameo == "1243" and e.source.country == "BLR" for e in refusals)


def test_an_invasion_is_an_assault(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("ASSAULT", "VNM", "KHM") in coded(rules, "Vietnamese troops invaded Cambodia in December 1978.")


def test_what_crowds_do_by_force_or_demand_is_protest(rules) -> None:  # type: ignore[no-untyped-def]
    burned = run(rules, "Rioters torched police stations and shops in Port Moresby on Wednesday.", DAY).events
    assert burned and all(e.cameo == "145" for e in burned)
    demand = run(rules, "Demonstrators in Lima demanded the resignation of President Dina Boluarte.", DAY).events
    assert any(e.cameo == "1411" and e.plover == "PROTEST" for e in demand)
    police = run(rules, "Kenyan police fired tear gas at protesters in Nairobi.", DAY).events
    assert police and all(e.plover != "PROTEST" for e in police)


def test_the_damage_a_riot_does_is_the_riot(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Iranian students rioted at the university in Tabriz, smashing windows and burning cars."
    assert {e[0] for e in coded(rules, text)} == {"PROTEST"}


def test_a_stative_passive_has_its_subject_as_source(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("AGREE", "KEN", None) in coded(rules, "Kenya is firmly committed to reforming its police, the minister said.")
    assert ("AGREE", "GHA") in {e[:2] for e in coded(rules, "The Ghanaian government remains committed to the IMF programme.")}
    assert ("ACCUSE", "IND", None) in coded(rules, "India is opposed to any mediation over Kashmir.")
    # a real passive keeps its agent as source and its subject as target
    assert ("COERCE", "EGY", "SDN") in coded(rules, "Sudanese traders were arrested by Egyptian police in Aswan.")


def test_an_ing_clause_after_resort_to_shares_the_subject(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Bahraini youths resorted to hurling stones at riot police in Manama.")
    assert any(e[0] == "PROTEST" and e[1] == "BHR" for e in events)


def test_a_trailing_reporting_clause_parsed_as_a_modifier(rules) -> None:  # type: ignore[no-untyped-def]
    text = "Hungarian police are beating migrants at the border, a human rights group protested on Friday."
    assert ("ACCUSE", "NGO", "HUN") in coded(rules, text)


def test_a_charge_as_grounds_is_an_accusation_by_whoever_acts_on_it(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Turkish police detained four Kurdish mayors on charges of supporting terrorism.")
    assert ("COERCE", "TUR", None) in {(e[0], e[1], None) for e in events}
    assert any(e[0] == "ACCUSE" and e[1] == "TUR" for e in events)
    # the charges someone else brought are not the act's grounds
    fugitive = coded(rules, "Brazil extradited to Italy a businessman wanted on fraud charges.")
    assert not any(e[0] == "ACCUSE" for e in fugitive)
    # taking charge of something accuses nobody
    assert not any(e[0] == "ACCUSE" for e in coded(rules, "Turkey's president took personal charge of the economy."))


def test_ordering_someone_else_is_a_demand_and_ordering_ones_forces_is_the_act(rules) -> None:  # type: ignore[no-untyped-def]
    court = coded(rules, "A Pakistani court ordered former prime minister Imran Khan to appear for a hearing.")
    assert ("REQUEST", "PAK") in {e[:2] for e in court}
    troops = coded(rules, "Armenia ordered its troops to pull back from the border with Azerbaijan.")
    assert not any(e[0] == "REQUEST" for e in troops)
    assert any(e[0] == "RETREAT" and e[1] == "ARM" for e in troops)
    # an order with no one ordered is the orderer's own decision, not a demand
    assert not any(e[0] == "REQUEST" for e in coded(rules, "Canada's minister ordered that the envoy's visa be revoked."))
    assert not any(e[0] == "REQUEST" for e in coded(rules, "Canada's minister ordered the visa to be revoked."))
    # an object the lexicon names outranks the bare clause: ordering an envoy out is an expulsion
    assert ("SANCTION", "MLI", "FRA") in coded(rules, "Mali ordered the French ambassador to leave within 72 hours.")


def test_cyber_attacks_are_coercion(rules) -> None:  # type: ignore[no-untyped-def]
    defaced = coded(rules, "Chinese hackers broke into and defaced the website of the Taiwanese foreign ministry.")
    hacked = coded(rules, "Chinese state hackers hacked the email accounts of Taiwanese officials.")
    assert ("COERCE", "TWN") in {(e[0], e[2]) for e in defaced} and ("COERCE", "TWN") in {(e[0], e[2]) for e in hacked}
    assert ("COERCE", "RUS", "EST") in coded(rules, "Russia launched a massive cyberattack on Estonia.")
    # hacking people to death stays an assault
    assert any(e[0] == "ASSAULT" for e in coded(rules, "Militiamen hacked five Congolese villagers to death."))


def test_the_government_with_no_antecedent_is_an_unnamed_government(rules) -> None:  # type: ignore[no-untyped-def]
    events = run(rules, "The court ordered the government to reopen the schools.", DAY).events
    assert events and not [e for e in events if e.target is not None and e.target.id == e.source.id]
    result = run(rules, "The government said it would negotiate with the striking teachers.", DAY)
    names = {m.actor.sector for a in result.actors for m in a.mentions}
    assert "GOV" in names


def test_the_noun_an_object_relative_clause_describes_is_the_verbs_object(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("AID", "JOR") in {e[:2] for e in coded(rules, "The food parcels that Jordan airdropped over Gaza fed thousands.")}
    sanctions = coded(rules, "The sanctions that Canada imposed on Iran last year were extended.")
    assert ("COERCE", "CAN", "IRN") in sanctions  # CAMEO 163
    assert ("COOPERATE", "NOR", "UKR") in coded(rules, "The radar data that Norway shared with Ukraine proved vital.")
    # a subject relative clause keeps its own object: nothing is taken from the noun
    assert not any(e[0] == "AID" for e in coded(rules, "The minister who sent the letter to Jordan resigned."))


def test_a_conditional_act_of_conflict_is_a_threat_and_a_conditional_favour_an_offer(rules) -> None:  # type: ignore[no-untyped-def]
    expel = coded(rules, "Poland could expel Belarusian diplomats if Minsk keeps sending migrants to the border.")
    assert ("THREATEN", "POL") in {e[:2] for e in expel} and ("SANCTION", "POL") not in {e[:2] for e in expel}
    assert ("THREATEN", "USA", "IRN") in coded(rules, "The US will impose sanctions on Iran if it enriches uranium further.")
    offer = coded(rules, "Ethiopia would reopen its embassy in Eritrea if Asmara released the detained journalists.")
    assert ("AGREE", "ETH") in {e[:2] for e in offer}
    # no condition: a bare possibility stays the act, with low confidence
    maybe = run(rules, "Poland could expel Belarusian diplomats.", DAY).events
    assert any(e.plover == "SANCTION" and e.confidence < 0.5 for e in maybe)


def test_our_in_a_direct_quote_is_the_speakers(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "'Our warships fired on the smugglers' boats overnight,' the Greek coast guard said.")
    assert any(e[0] == "ASSAULT" and e[1] == "GRC" for e in events)


def test_workers_by_trade_are_labour(rules) -> None:  # type: ignore[no-untyped-def]
    events = run(rules, "Chilean copper miners and truck drivers went on strike on Monday.", DAY).events
    assert any(e.plover == "PROTEST" and e.source.country == "CHL" and e.source.sector == "LAB" for e in events)


def test_permission_and_hand_over_objects_in_other_shapes(rules) -> None:  # type: ignore[no-untyped-def]
    # the one allowed as the infinitive's subject; a person's name handed over; a veto lifted
    assert ("AGREE", "MMR") in {e[:2] for e in coded(rules, "Myanmar said it would allow UN inspectors to visit Rakhine.")}
    assert ("COOPERATE", "KEN", "TZA") in coded(rules, "Kenya handed over Felicien Kabuga's financier to Tanzania.") | coded(
        rules, "Kenya handed over Joseph Mwangi to Tanzania."
    )
    assert ("CONCEDE", "CYP") in {e[:2] for e in coded(rules, "Cyprus lifted its veto on the EU trade deal.")}
    # given with: what is given is in the with-phrase, the recipient is the object
    assert ("COOPERATE", "EGY", "LBY") in coded(rules, "Egypt provided Libya with intelligence on the smugglers.")


def test_pronoun_subjects_of_reported_and_subordinate_clauses(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Hamas leaders said they would not release the hostages without a truce.")
    assert any(e[0] == "REJECT" and e[1] == "PSE" for e in events)
    assert ("CONSULT", "PRK", "KOR") in coded(rules, "North Korea will halt its tests while it negotiates with South Korea.")
    # "it" for a person is not taken from the subject above
    assert not any(e[1] == "FRA" for e in coded(rules, "Macron said it would attack the rebels."))


def test_refusing_to_send_troops_is_a_rejection(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("REJECT", "DEU", "MLI") in coded(rules, "Germany will not send troops to Mali.")


def test_more_shapes_of_strikes_closures_and_deployments(rules) -> None:  # type: ignore[no-untyped-def]
    hunger = coded(rules, "Dozens of Kurdish inmates in Turkey have been on hunger strike since May.")
    assert any(e[0] == "PROTEST" for e in hunger)
    closed = coded(rules, "Turkish authorities shut down the opposition newspaper Zaman on Friday.")
    assert ("COERCE", "TUR") in {e[:2] for e in closed}
    deployed = coded(rules, "Thousands of French riot police were deployed in Paris on Saturday.")
    assert ("MOBILIZE", "FRA") in {e[:2] for e in deployed}
    assert ("REJECT", "HUN") in {e[:2] for e in coded(rules, "Hungary's parliament voted against sending weapons to Ukraine.")}
    assert ("SANCTION", "GBR", "RUS") in coded(rules, "Britain announced the expulsion of four Russian diplomats.")


def test_the_purpose_of_a_demanded_act_is_not_done(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "The UN said Israel must open more crossings to allow fuel to reach Gaza.")
    assert not any(e[0] == "RETREAT" for e in events)


def test_wire_round_two_lexicon(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("RETREAT", "MAR") in {e[:2] for e in coded(rules, "Morocco's king pardoned 300 prisoners on the Throne Day holiday.")}
    assert ("REJECT", "SRB") in {e[:2] for e in coded(rules, "Serbia brushed aside a Western proposal for Kosovo.")}
    assert ("SANCTION", "COL") in {e[:2] for e in coded(rules, "Colombia's ELN rebels quit peace talks with the government.")} | {
        e[:2] for e in coded(rules, "Colombia quit peace talks with the ELN rebels.")
    }
    assert ("COERCE", "RUS", "BLR") in coded(rules, "Russia cut off oil supplies to Belarus on Monday.")
    assert ("SANCTION", "IGO", "TGO") in coded(rules, "The African Union withdrew its election observers from Togo.")
    assert ("RETREAT", "AGO") in {e[:2] for e in coded(rules, "Some 2,000 Angolan rebels handed in their rifles at UN camps.")}


def test_a_threat_s_condition_is_not_an_act(rules) -> None:  # type: ignore[no-untyped-def]
    events = coded(rules, "Kenya will close its border unless Somalia frees the kidnapped aid workers.")
    assert not any(e[0] == "RETREAT" for e in events)  # the freeing is only the condition


def test_demands_with_a_penalty_and_bare_verbs_after_insisting(rules) -> None:  # type: ignore[no-untyped-def]
    ultimatum = coded(rules, "The UN told the rebels to leave the airport within a week or face sanctions.")
    assert ("REQUEST", "IGO") in {e[:2] for e in ultimatum} and ("THREATEN", "IGO") in {e[:2] for e in ultimatum}
    assert ("REQUEST", "IGO", "MMR") in coded(rules, "ASEAN ministers insisted that Myanmar's generals release all detainees.")
    # telling someone something is no demand
    told = coded(rules, "Chile will reopen its embassy, the foreign minister told parliament.")
    assert not any(e[0] == "REQUEST" for e in told)


def test_more_actor_and_object_shapes(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("PROTEST", "NPL") in pairs(rules, "Nepalese students marched through Kathmandu in protest against the king.")
    assert ("ASSAULT", "COL") in pairs(rules, "Rebels in Colombia attacked a police station in Cauca.")
    assert ("AGREE", "LKA") in pairs(rules, "Sri Lanka agreed to let Norwegian monitors observe the truce.")
    assert ("AGREE", "KOR", "PRK") in coded(rules, "South Korea will provide 200 million dollars in food aid to North Korea.")
    assert ("REJECT", "PER") in pairs(rules, "Peru's President Alan Garcia said he would not release the jailed rebels.")
    # a month is no march
    assert not any(e[0] == "PROTEST" for e in coded(rules, "Chile's copper output rose in March, the mining ministry said."))


def test_wire_round_three(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("ACCUSE", "GHA") in pairs(rules, "A Ghanaian court in Accra found three soldiers guilty of plotting a coup.")
    assert ("THREATEN", "TGO") in pairs(rules, "Togo's president vowed to crush the rebellion in the north.")
    assert ("RETREAT", "SEN") in pairs(rules, "Senegal returned three Gambian fishing boats seized last month.")
    assert ("AID", "CHN") in pairs(rules, "China delivered two jets and a shipment of rifles to the Malian army.")
    assert ("CONSULT", "ZAF") in pairs(rules, "South Africa's Thabo Mbeki chaired a new round of talks between Ivorian parties.")
    assert ("COERCE", "KEN") in pairs(rules, "The suspect was taken into custody by Kenyan police in Mombasa.")
    assert ("REJECT", "ZWE") in pairs(rules, "Zimbabwe's President Robert Mugabe brushed off calls for a rerun of the vote.")
    assert ("SANCTION", "NER") in pairs(rules, "Niger kicked out two international aid groups working in Agadez.")
    assert ("ASSAULT", "TJK") in pairs(rules, "Tajik troops battled Islamist militants near the Afghan border.")
    # civilians blocking a crossing protest; a state doing so imposes a blockade
    assert ("PROTEST", "FRA") in pairs(rules, "French farmers blocked the Le Perthus border crossing with their tractors.")
    assert ("COERCE", "ISR") in pairs(rules, "Israeli troops blocked the Rafah crossing on Monday.")  # CAMEO 191


def test_places_and_owners_place_unnamed_actors(rules) -> None:  # type: ignore[no-untyped-def]
    def sources(text: str) -> set[str | None]:
        return {e[1] for e in coded(rules, text)}

    assert "ARM" in sources("Thousands of opposition supporters marched through Yerevan on Sunday.")
    assert "SLB" in sources("Rioters torched shops in the Solomon Islands capital Honiara on Tuesday.")
    assert "MLI" in sources("Mali's Rally for Mali party began a boycott of parliament.")
    # a place in an adverbial of manner is no place: "in defiance of" names whom, not where
    assert "IRN" not in sources("Thousands of students marched in defiance of Iranian authorities.")


def test_wire_round_four(rules) -> None:  # type: ignore[no-untyped-def]
    # a preposition of time is not the trigger's: "agreed on Friday to" is agreeing to, not agreeing on
    assert ("AGREE", "NPL") in pairs(rules, "Nepal's government agreed on Friday to Indian mediation with the Maoists.")
    assert ("COERCE", "BGD") in pairs(rules, "Bangladesh's government proscribed two Islamist parties on Sunday.")
    assert ("COERCE", "ZMB") in pairs(rules, "Zambia's government shut down the opposition weekly The Post.")
    assert ("COOPERATE", "LUX") in pairs(rules, "Luxembourg prosecutors turned over bank records to Nigerian investigators.")
    assert ("ACCUSE", "IGO") in pairs(rules, "EU foreign ministers voiced revulsion at the massacre of villagers in Darfur.")
    assert ("SANCTION", "FRA") in pairs(rules, "Paris halted deliveries of jets and other military aid to Rwanda on Monday.")
    assert ("COERCE", "PAK") in pairs(rules, "Pakistani authorities clamped a curfew on Karachi on Sunday.")
    assert ("MOBILIZE", "HND") in pairs(rules, "Honduras's army went on maximum alert on Tuesday.")
    assert ("AGREE", "GHA") in pairs(rules, "Ghana has promised to send a battalion to the UN peacekeeping force in Lebanon.")
    assert ("THREATEN", "RUS") in pairs(rules, "Moscow will use force to stop any attack on its citizens, a minister said.")
    assert ("PROTEST", "PER") in pairs(rules, "Peruvian coca growers blocked the main highway to Lima for a second day.")
    # a former capital still stands for its government in older news
    assert ("SANCTION", "DEU") in pairs(rules, "Bonn halted all military aid to Ankara on Friday.")


def test_wire_round_five(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("SANCTION", "IRN") in pairs(rules, "Iran pulled out of the nuclear talks with the EU on Monday.")
    assert ("SANCTION", "NER") in pairs(rules, "Niger expelled two foreign relief groups from Diffa.")
    assert ("SANCTION", "SDN") in pairs(rules, "Sudan told the staff of the UN peacekeeping mission to leave Darfur.")
    assert ("AID", "RUS") in pairs(rules, "Moscow delivered 20 armoured personnel carriers to the Syrian army.")
    assert ("RETREAT", "SDN") in pairs(rules, "Sudan's government opened the Nuba mountains to foreign relief workers.")
    assert ("REQUEST", "ESP") in pairs(rules, "Spain applied to Argentina for the extradition of a former navy officer.")
    assert ("REJECT", "HRV") in pairs(rules, "Croatian voters threw out the government's plan in a referendum.")
    assert ("COOPERATE", "USA") in pairs(rules, "American and Thai marines began joint training near Sattahip.")
    assert ("AGREE", "MDA") in pairs(rules, "Moldova accepted an offer of mediation from the OSCE.")


def test_wire_round_six(rules) -> None:  # type: ignore[no-untyped-def]
    assert ("THREATEN", "USA") in pairs(rules, "Washington said it would slap tariffs on French wine unless Paris acted.")
    assert ("SANCTION", "ETH") in pairs(rules, "Ethiopia's government ordered three foreign aid agencies out of the Ogaden.")
    assert ("COOPERATE", "USA") in pairs(rules, "U.S. and Thai troops kicked off joint military exercises near Lopburi.")
    assert ("AID", "RUS") in pairs(rules, "Russia delivered the first of 12 helicopters to the Indian air force.")
    assert ("REQUEST", "SRB") in pairs(rules, "Serbia's president wants Montenegro to hold a new referendum.")
    assert ("MOBILIZE", "IDN") in pairs(rules, "Jakarta poured thousands of troops into Aceh on Monday.")
    assert ("PROTEST", "ARG") in pairs(rules, "Argentine farmers set up roadblocks on the main highways out of Buenos Aires.")
    assert ("COERCE", "MYS") in pairs(rules, "Malaysia's government curbed the circulation of an opposition newspaper.")
    # wanting to do something oneself is an intent, not a demand; a state is no rioter
    assert not any(e[0] == "REQUEST" for e in coded(rules, "Chile wants to resume talks with Bolivia."))
    assert ("PROTEST", "CHN") not in pairs(rules, "Beijing sent more troops to Urumqi after deadly rioting.")


def test_naming_and_addressing_an_audience_are_no_consultation(rules) -> None:  # type: ignore[no-untyped-def]
    named = coded(rules, "Germany's chancellor welcomed the accord, calling it a milestone for Europe.")
    assert not any(e[0] == "CONSULT" for e in named)
    speech = coded(rules, "Kenya's president urged calm, speaking to reporters in Nairobi.")
    assert not any(e[0] == "CONSULT" for e in speech)
    # a call to a counterpart is still a consultation
    assert ("CONSULT", "DEU") in pairs(rules, "Germany's chancellor called the French president on Monday.")
