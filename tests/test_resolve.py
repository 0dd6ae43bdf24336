"""Speaker resolution cases that the page fixtures cannot express (they check direct and mixed quotes only)."""

from __future__ import annotations

import pytest

import saidwho

pytestmark = pytest.mark.slow


def speakers_of(text: str, authors: list[str] | None = None) -> list[tuple[str, str | None]]:
    rec = saidwho.extract(text, id="t", format="text", authors=authors)
    return [(q["text"], q["speaker"]["name"] if q["speaker"] else None) for q in rec["quotes"]]


def assert_said(text: str, words: str, speaker: str | None, authors: list[str] | None = None) -> None:
    """Some quotation of ``text`` (by ``authors``) holding ``words`` is given to ``speaker``."""
    got = speakers_of(text, authors)
    assert any(words in t and who == speaker for t, who in got), got


@pytest.mark.parametrize("stop", ["", "."])
def test_a_headline_role_is_the_person_the_story_names_with_it(stop):
    # news feeds often end a headline with a full stop of its own
    text = (
        f"Judge refuses to reopen harbour contract case{stop}\n\n"
        "Circuit Judge Maren Holt said on Monday that the petition brought nothing new.\n"
    )
    assert_said(text, "reopen", "Maren Holt")


def test_a_headline_role_beside_a_name_is_not_a_description():
    text = "Senator Ada Lind Hammers Harbour Board Chairman: Resign Now\n\nAda Lind said the board had failed the town.\n"
    got = speakers_of(text)
    assert all(who in ("Ada Lind", None) for _, who in got), got


@pytest.mark.parametrize(
    "text",
    [
        "Claiming the criticism of the moderator is designed to pressure the panel, Ada Lind said the media were unfair.",
        "In defending herself and her business record, Ada Lind argued that she had paid every tax she owed.",
    ],
)
def test_a_participle_cue_takes_the_subject_of_the_main_clause(text):
    got = speakers_of(text)
    assert len(got) >= 2 and all(who == "Ada Lind" for _, who in got), got


def test_he_said_after_a_relative_clause_is_the_main_subject_not_the_person_inside_it():
    text = (
        "Harbour board row deepens\n\n"
        "Tomas Brandt, who has worked for the mayor Erik Solheim since he took office in February, "
        "attacked the harbour board on Wednesday.\n\n"
        "\u201cThe board has failed this town and it knows it,\u201d he said.\n"
    )
    assert_said(text, "failed this town", "Tomas Brandt")


def test_a_time_is_never_a_source_mention():
    # the tagger sometimes marks "Thursday" in "…, said Thursday morning" as the source: a time speaks for nobody
    from saidwho.attribution.extractor import _temporal
    from saidwho.nlp import get_nlp

    doc = get_nlp()("Ada Lind, a veteran of the port, said Thursday morning that the ships would be back in February.")
    assert _temporal([t for t in doc if t.text in ("Thursday", "morning")])
    assert _temporal([t for t in doc if t.text in ("in", "February")])
    assert not _temporal([t for t in doc if t.text in ("Ada", "Lind")])
    assert not _temporal([])


def test_surnames_pass_over_suffixes_and_apostrophe_forms():
    text = (
        "Vice President Joseph R. Biden Jr. spoke to students on Tuesday.\n\n"
        "\u201cTell that to the janitor,\u201d Mr. Biden said.\n\n"
        "Police Commissioner James O\u2019Neill was at the scene.\n\n"
        "O'Neill said officers were in possession of video of the explosion.\n"
    )
    assert_said(text, "janitor", "Joseph R. Biden Jr")
    assert_said(text, "possession of video", "James O\u2019Neill")


def test_a_surname_takes_the_full_name_given_inside_a_longer_title():
    # the only full form is inside an event's name; Mr. marks him, so it is not his wife's
    text = (
        "Mr. Obama spoke at the dinner on Saturday.\n\n"
        "Michelle Obama was also there.\n\n"
        "\u201cOur progress is on the ballot,\u201d Mr. Obama said.\n\n"
        "Supporters are planning a Barack Obama Election Day rally on Nov. 1.\n"
    )
    assert_said(text, "progress", "Barack Obama")


def test_an_untagged_short_form_of_an_organisation_is_that_organisation_not_a_person():
    text = (
        "The Securities and Exchange Commission (S.E.C.) wrote the rules.\n\n"
        "It is because the S.E.C. has been so vague about the definitions that it is laughable.\n\n"
        "The S.E.C said it would review them.\n"
    )
    rec = saidwho.extract(text, id="t", format="text")
    assert [(s["name"], s["type"]) for s in rec["speakers"]] == [("Securities and Exchange Commission", "organisation")], rec["speakers"]
    vague = [q for q in rec["quotes"] if "definitions" in q["text"]]
    assert vague and vague[0]["speaker"]["name"] == "Securities and Exchange Commission", vague


def test_a_headline_description_is_the_speaker_the_story_then_names():
    text = (
        "Lawmaker urges tougher harbour rules after spill\n\n"
        "A member of the port committee says the harbour board ignored three warnings.\n\n"
        "Rep. Ada Lind, the committee's ranking member, said on Tuesday that the board had been told in March.\n"
    )
    assert_said(text, "tougher harbour rules", "Ada Lind")


def test_a_state_description_finds_the_senator_whose_party_and_state_tag_names_it():
    text = (
        "Sen. Jeff Merkley (D-Ore.) and Sen. David Vitter (R-La.) questioned the bank's chief on Tuesday.\n\n"
        "Vitter asked whether the bank was too big to manage.\n\n"
        "The Oregon senator said the bank had misled its regulators for years.\n"
    )
    assert_said(text, "misled its regulators", "Jeff Merkley")


def test_they_is_an_organisation_that_is_a_subject_just_before_else_an_unnamed_group():
    text = (
        "The Harbour Trust published its audit of the port on Monday.\n\n"
        "In the report they said the board had ignored three warnings.\n\n"
        "Dock workers, including members of the Port Workers Union, have urged the council to act, although they "
        "say some of the changes came too late.\n"
    )
    assert_said(text, "ignored three warnings", "Harbour Trust")
    assert_said(text, "came too late", None)


def test_a_panel_of_a_court_speaks_for_the_court():
    text = (
        "Voting rolls case goes back to lower court\n\n"
        "The Northern Court of Appeals heard the case in May.\n\n"
        "A three-judge panel of the Northern Court of Appeals said on Friday that the state's purge of the rolls "
        "broke federal law.\n"
    )
    assert_said(text, "broke federal law", "Northern Court of Appeals")


def test_a_trailer_that_opens_with_the_name_gives_the_name_not_the_time_or_the_channel():
    text = (
        "Port to reopen next week\n\n"
        "\u201cThe ships will be back by Monday and the cranes are ready,\u201d Lind, a veteran harbour master, "
        "said Thursday morning on Harbour Radio\u2019s \u201cMorning Show.\u201d\n"
    )
    assert_said(text, "cranes are ready", "Lind")
    # the parser sometimes takes the time after the verb for its subject: a time never heads a source
    from saidwho.attribution.frames import _usable
    from saidwho.nlp import get_nlp

    doc = get_nlp()(text)
    assert not any(_usable(t) for t in doc if t.text in ("Thursday", "morning"))
    assert _usable(next(t for t in doc if t.text == "Lind"))


def test_on_a_letters_page_i_is_the_writer_who_signed_the_letter():
    text = (
        "Readers on the harbour plan.\n\n"
        "LETTERS.\n\n"
        "I cannot understand how the board approved the harbour plan without a single public hearing on it.\n\n"
        "Michael Pravica.\n\n"
        "Henderson, Nev.\n\n"
        "The council has ignored the fishermen for years, and nobody on it has been held to account for that.\n\n"
        "I hope the new mayor finally reads the report that the port engineers wrote last spring.\n\n"
        "Chris Smith.\n"
    )
    assert_said(text, "how the board approved", "Michael Pravica")
    assert_said(text, "new mayor finally reads", "Chris Smith")


def test_a_signature_with_a_dash_and_a_place_or_a_post_signs_the_letter_above_it():
    text = (
        "Readers on the pool closure.\n\n"
        "I cannot understand how the board closed the town pool without a single public hearing on it. It seems "
        "the board has confused an old building with a useless one.\n\n"
        "\u2014 Ruth Abbing, Nether Cray\n\n"
        "The board has had the engineers' report for a year, and I believe the repairs would cost less than the "
        "new leisure centre it wants to build.\n\n"
        "\u2014 Councillor Tom Hesketh, chairman of the leisure committee, Cray District Council\n"
    )
    assert_said(text, "confused an old building", "Ruth Abbing")
    assert_said(text, "repairs would cost less", "Tom Hesketh")


def test_whoever_faces_questions_or_criticism_is_not_their_speaker():
    text = (
        "The harbour master defended the contract on Monday.\n\n"
        "Ada Lind has faced sharp criticism for failing to publish the tender documents.\n\n"
        "Tomas Brandt has faced questions about payments from the port's suppliers to his campaign.\n"
    )
    rec = saidwho.extract(text, id="t", format="text")
    for q in rec["quotes"]:
        if "tender documents" in q["text"] or "suppliers" in q["text"]:
            assert not (q["speaker"] and q["speaker"]["name"]), q


def test_a_she_opening_the_reported_clause_tells_the_gender_of_a_role_description():
    text = (
        "Sweden\u2019s Anna Berg in Oslo as cod talks stall\n\n"
        "Ms. Berg told reporters the talks could collapse this week.\n\n"
        "Her Norwegian counterpart, Eirik Solheim, was more guarded. He said Norway had already offered deeper cuts.\n\n"
        "The Swedish minister said she would stay in Oslo until Wednesday.\n"
    )
    assert_said(text, "stay in Oslo", "Anna Berg")


def test_a_title_picks_between_two_people_with_one_surname():
    text = (
        "Peat bogs are leaking carbon, study finds\n\n"
        "\u201cThe bogs are breathing out,\u201d said Amelia Hartley, a professor of soil science who led the study.\n\n"
        "The study\u2019s co-author, Dr. James Hartley, who is not related to her, said the team had used sensors at 46 sites.\n\n"
        "Prof. Hartley said climate models had probably underestimated the losses.\n"
    )
    assert_said(text, "underestimated", "Amelia Hartley")


def test_a_live_blog_entry_that_opens_with_a_description_is_the_person_the_entry_then_names():
    text = (
        "The Latest: harbour contract under review\n\n"
        "3:10 p.m.\n\n"
        "Ada Lind says the board will publish the contract on Friday.\n\n"
        "___.\n\n"
        "2:45 p.m.\n\n"
        "Velmora\u2019s port commissioner says an internal review found no leak of the tender documents.\n\n"
        "Tomas Brandt says he asked his staff on Monday to check every request for the files.\n"
    )
    assert_said(text, "internal review", "Tomas Brandt")


def test_a_party_in_a_role_description_decides_between_two_nominees():
    text = (
        "The Latest on the mayoral race between Republican Ada Lind and Democrat Tomas Brandt.\n\n"
        "Republican mayoral nominee Ada Lind says the harbour plan will go ahead.\n\n"
        "Brandt says he would cancel the plan on his first day. The Democratic mayoral nominee says the contract "
        "was signed without a hearing.\n"
    )
    assert_said(text, "signed without a hearing", "Tomas Brandt")


def test_a_headline_poll_is_the_poll_its_story_names_with_its_makers():
    # "Poll:" and "a new poll" say no maker; the story's first poll named with one gives it, even when the
    # parser hangs the makers' names on the poll as a modifier ("a new Harlow Courier-Westbay Radio poll")
    text = (
        "Poll: Brandt and Osei level before the first debate.\n\n"
        "Mayor Lena Brandt and Kwame Osei are level before their first debate, according to a new Harlow "
        "Courier-Westbay Radio city poll.\n\n"
        "Among likely voters, 41 percent would choose Brandt and 40 percent would choose Osei.\n"
    )
    assert_said(text, "level before the first debate", "Harlow Courier-Westbay Radio")
    assert_said(text, "are level before their first debate", "Harlow Courier-Westbay Radio")


def test_a_poll_whose_makers_the_parser_hangs_on_it_as_a_modifier_is_theirs():
    # spaCy attaches "Boston Globe-NBC News" to "poll" as nmod, not compound
    text = (
        "Mayor Lena Brandt and Kwame Osei are level before their first debate, according to a new Boston "
        "Globe-NBC News national poll.\n"
    )
    assert_said(text, "are level before their first debate", "Boston Globe-NBC News")


def test_a_she_that_speaks_nothing_still_carries_her_person_to_the_next_she():
    # the second sentence's main subject is "She" (Okafor), not the woman named inside it
    text = (
        "Attorney General Adaeze Okafor said the review would take a year.\n\n"
        "She has faced criticism since March, most recently over her meeting with the husband of the governor, "
        "Marta Kowalczyk, while her office was investigating the state budget. She said she would not step aside.\n"
    )
    assert_said(text, "she would not step aside", "Adaeze Okafor")


def test_a_name_that_modifies_a_noun_is_no_he():
    # "Tillman" in "Tillman freeze-dried meals" is a brand the tagger reads as a person
    text = (
        "Senator Tom Ruiz toured the warehouse on Monday.\n\n"
        "Families there were buying Tillman freeze-dried meals for the winter. He said the state would "
        "pay for the new roof.\n"
    )
    assert_said(text, "pay for the new roof", "Tom Ruiz")


def test_a_bare_surname_is_not_the_relative_the_text_names_in_full():
    # the daughter is quoted more often, but the text calls her by her full name; "Varga" is her father
    text = (
        "Anton Varga's new housing plan drew criticism from builders on Monday.\n\n"
        "Lili Varga, the mayoral candidate's eldest daughter, defended the plan at a rally. \"It is fair,\" "
        "Lili Varga said. She said renters would benefit most.\n\n"
        "\"We are proud of it,\" Lili Varga told reporters.\n\n"
        "Varga says the plan would be paid for by closing tax loopholes.\n"
    )
    assert_said(text, "paid for by closing tax loopholes", "Anton Varga")


def test_a_lead_description_of_a_body_is_the_next_body_of_that_kind_named():
    text = (
        "Senate panel votes to subpoena port contractor.\n\n"
        "A Senate panel voted Thursday to subpoena the records of Harbourline, the contractor that built the new "
        "port terminal.\n\n"
        "The Senate Commerce and Transport Committee voted 12-9 along party lines to send the subpoena.\n"
    )
    assert_said(text, "the records of Harbourline", "Senate Commerce and Transport Committee")


def test_a_headline_member_of_a_body_is_a_person_the_story_names():
    # the parser hangs "Member" on "panel" as a modifier: the description is still a person's
    text = (
        "Member of Senate panel says state must keep foreign money out of ballots.\n\n"
        "Sen. Dana Whitfield, the top Democrat on the Senate Ethics Committee, said on Tuesday that the "
        "government must act before November.\n"
    )
    assert_said(text, "keep foreign money out of ballots", "Dana Whitfield")


def test_a_court_for_a_circuit_is_one_name():
    text = (
        "The U.S. Court of Appeals for the Ninth Circuit ruled on Friday that the county's ballot rules broke "
        "federal law.\n"
    )
    assert_said(text, "ballot rules broke", "U.S. Court of Appeals for the Ninth Circuit")


def test_a_cue_coordinated_with_a_reported_verb_is_the_speech_verbs_subject():
    # the parser makes "suggested" a conjunct of "declare", inside the reported clause
    text = (
        "Danish Finance Minister Ilse Brandt said this week that the country would formally declare its intention "
        "to leave the currency pact by the end of June and suggested that it would withdraw from the grain treaty.\n"
    )
    assert_said(text, "withdraw from the grain treaty", "Ilse Brandt")


def test_a_subject_inside_a_quotation_of_its_paragraph_is_not_a_cues():
    # on a dev page the parser hung "going on to say" on a verb inside the quotation (its sentence starts inside
    # the quotation), whose subject "we" is no speaker; the rule is pinned on its unit, as that parse could not be
    # reproduced in a short invented page
    from saidwho.attribution.document import parse
    from saidwho.attribution.frames import _quoted
    from saidwho.nlp import get_nlp

    text = (
        "\"It matters. That we do not want to go back is clear,\" Calloway said, going on to say that we must "
        "rebuild."
    )
    pd = parse(text, [(0, len(text))], get_nlp())
    toks = {(t.text, pd.start_of(t)): t for p in pd.pieces for t in p.doc}
    first_we = toks[("we", text.index("we do"))]
    second_we = toks[("we", text.index("we must"))]
    assert _quoted(pd, first_we)
    assert not _quoted(pd, second_we)
    assert not _quoted(pd, toks[("Calloway", text.index("Calloway"))])


@pytest.mark.parametrize(
    "text, words",
    [
        ("For years, Dr. Lena Orr has been dogged by charges that she sold untested remedies on her show.\n", "untested remedies"),
        ("Mayor Ian Holt was once asked how the dock strike would end.\n", "dock strike would end"),
        ("In 2011, the League of Ports came under withering criticism for its silence on the strike in Genoa.\n", "its silence"),
        ("The city is purging voters who skipped two elections, in what is being criticized as a \"use it or lose it\" "
         "approach to voting.\n", "approach to voting"),
    ],
)
def test_the_subject_of_a_passive_or_faced_cue_is_not_its_speaker(text, words):
    assert_said(text, words, None)


@pytest.mark.parametrize(
    "text, cue",
    [
        ("In the video, Rae Dunn can be heard yelling to the officers that her husband was unarmed.", "heard yelling"),
        ("Rae Dunn was quoted as saying that her husband was unarmed.", "quoted"),
    ],
)
def test_a_subject_heard_or_quoted_saying_something_is_no_passive_target(text, cue):
    from saidwho.attribution.document import parse
    from saidwho.attribution.frames import passive_target
    from saidwho.nlp import get_nlp

    pd = parse(text, [(0, len(text))], get_nlp())
    at = text.index(cue)
    assert passive_target(pd, (at, at + len(cue))) is None


def test_the_subject_of_seems_is_what_the_judgement_is_about():
    # a news report: nobody's judgement; the subject only "seems", it does not speak
    for text in (
        "The mayor's veto is expected before Friday, but Republicans on the council seem confident they have the "
        "votes to override her.\n",
        "The mayor's veto is expected before Friday, but Democrats seem confident they have the votes to override "
        "her.\n",
    ):
        assert_said(text, "the votes to override her", None)


def test_the_subject_of_seemed_to_think_does_think_it():
    text = (
        "Marcus Oyelaran largely agreed with his neighbours and seemed to think the new tax was somewhat unfair.\n"
    )
    assert_said(text, "somewhat unfair", "Marcus Oyelaran")


def test_the_city_of_a_place_is_that_place():
    text = "The city of Tolleston is demanding that the campaign stop using images of its fire crews in an ad.\n"
    assert_said(text, "stop using images", "Tolleston")


def test_a_work_whose_relative_clause_names_its_maker_is_the_makers():
    text = (
        "Mayor Dana Pryce has promised lower fares. In a speech Ms. Pryce delivered at the transit hall in June, "
        "she argued that the buses should be free for children.\n\n"
        "A speech Ms. Pryce gave in 2019 said that the city would build two new tram lines.\n"
    )
    assert_said(text, "two new tram lines", "Dana Pryce")


def test_an_organisations_name_drops_a_leading_year_and_a_heading():
    from saidwho.speakers.names import clean_name

    assert clean_name("the 2014 American Community Survey", person=False) == "American Community Survey"
    assert clean_name("2016 Summer Olympics Committee", person=False) == "Summer Olympics Committee"
    # a heading the tagger ran into the name ("Rights at Sea: The Maritime Council said …")
    assert clean_name("Rights at Sea: The Maritime Council", person=False) == "Maritime Council"
    assert clean_name("Poll: Clinton") == "Clinton"
    assert clean_name("7 Eleven", person=False) == "7 Eleven"  # not a year


def test_a_spokeswoman_for_someone_is_not_that_someone():
    text = "A spokeswoman for Governor Alma Reyes says the governor never met the contractor.\n"
    assert not any(who == "Alma Reyes" for _, who in speakers_of(text)), speakers_of(text)


def test_one_member_of_a_party_is_not_the_party():
    text = (
        "The committee met for three hours on Tuesday. One Republican threatened to subpoena the port authority's "
        "records.\n"
    )
    assert_said(text, "subpoena the port authority", None)


def test_one_member_of_a_party_is_the_next_person_tagged_of_it():
    text = (
        "At least one Democrat wasn't quite as keen on comparing the governor to his predecessor.\n\n"
        "\"It is a cheap shot,\" Sen. Ana Ruiz (D-Ore.) told reporters on Tuesday.\n"
    )
    assert_said(text, "comparing the governor", "Ana Ruiz")


def test_a_work_someone_wrote_in_is_theirs_when_it_speaks_again():
    text = (
        "Judge Corin Maddox wrote in a 12-page judgment that the landlord had ignored repair requests for years. "
        "The judgment said at least 14 tenants had lived without heating for a winter.\n"
    )
    assert_said(text, "without heating", "Corin Maddox")


def test_a_work_owned_by_a_described_organisation_is_that_organisations():
    text = (
        "The Marlow Water Authority said on Monday that it would raise charges by 8 percent from April.\n\n"
        "The authority's own consultation report found that half of households had not been told of the rise.\n"
    )
    assert_said(text, "half of households", "Marlow Water Authority")


def test_the_n_year_old_is_the_person_in_view_and_a_name_with_a_participle_speaks():
    # the parser reads "Tova Lindqvist, who has been …, announced" as a name with a participle, and "66-year-old"
    # as a date
    text = (
        "Tova Lindqvist, who has been Brackley's mayor since 2012, announced on Monday that she would not seek a "
        "fourth term.\n\n"
        "The 66-year-old said she had made the decision over Christmas.\n"
    )
    assert_said(text, "not seek a fourth term", "Tova Lindqvist")
    assert_said(text, "decision over Christmas", "Tova Lindqvist")


def test_they_may_stand_for_a_one_word_name_the_tagger_took_for_a_person():
    text = (
        "Following Monday's council vote Factwise did a fact-check on Mayor Dana Holt's claim that crime had fallen "
        "by half. On Tuesday they published the results of their check by announcing that the claim was true.\n"
    )
    assert_said(text, "the claim was true", "Factwise")


def test_a_nations_government_is_that_country_not_the_last_organisation():
    text = (
        "The bill would let families sue Moravia in American courts. \"It puts our diplomats at risk,\" White House "
        "Press Secretary Josh Earnest said.\n\n"
        "The attempt to stop the bill has also included members of the Moravian government, which has strongly "
        "denied any role in the attacks.\n"
    )
    assert not any(who == "White House" and "any role" in t for t, who in speakers_of(text)), speakers_of(text)


def test_a_he_is_not_the_woman_whose_surname_was_the_last_subject():
    # "Kamarck" alone has no gender; the full name she stands for has
    text = (
        "Elaine Kamarck, a party rules expert, said the process was simple.\n\n"
        "Kamarck noted that the process hasn't changed in decades. But Don Fowler said the politics would be more "
        "intense - and he noted that any change would occur a few weeks later.\n"
    )
    assert_said(text, "any change would occur", "Don Fowler")


def test_common_given_names_have_a_gender():
    from saidwho.speakers.names import gender_of_name

    assert gender_of_name("Elaine Kamarck") == "f"
    assert gender_of_name("Don Fowler") == "m"
    assert gender_of_name("Lester Holt") == "m"
    assert gender_of_name("Robin Peel") is None  # names given to both are left out on purpose


def test_a_hospital_the_tagger_calls_a_facility_speaks_as_a_body():
    text = (
        "Nurses at St. Brendan's Hospital in Cardell walked out on Monday over staffing.\n\n"
        "The hospital said 140 planned operations had been postponed.\n"
    )
    assert_said(text, "planned operations", "St. Brendan's Hospital")


def test_a_determiner_alone_marked_as_source_takes_the_makers_named_before_its_noun():
    # the tagger sometimes marks only "a" of "a New York Times report that …"; pinned on the unit, as that tagger
    # output could not be reproduced in a short invented page
    from saidwho.attribution.extractor import _maker_before
    from saidwho.nlp import get_nlp

    doc = get_nlp()("Mayor Holt is seizing upon a Harbour Gazette report that the budget had a gap.")
    det = next(t for t in doc if t.lower_ == "a")
    got = _maker_before([det])
    assert got is not None and " ".join(t.text for t in got) == "a Harbour Gazette"
    assert _maker_before([next(t for t in doc if t.text == "Holt")]) is None
    assert _maker_before([next(t for t in doc if t.lower_ == "the")]) is None  # "the budget": no name before it


def test_an_acronym_is_not_spelled_out_by_a_possessive_phrase():
    text = (
        "Vostok's Tango: how a channel courts viewers.\n\n"
        "VT America is the American arm of Vostok Television, the network financed by the state.\n\n"
        "VT said its programmes were independent.\n"
    )
    assert_said(text, "programmes were independent", "Vostok Television")


def test_a_cue_coordinated_inside_a_subordinate_clause_takes_that_clauses_subject():
    # pinned on the unit: on the dev page the tagger gave "blamed" no source, which a short page does not reproduce
    from saidwho.attribution.frames import _subject
    from saidwho.nlp import get_nlp

    doc = get_nlp()(
        "New Jersey Gov. Tom Ruiz described Democratic nominee Ana Lindqvist as a disgrace after she attacked law "
        "enforcement officers nationwide and blamed police shootings on implicit bias against minorities."
    )
    blamed = next(t for t in doc if t.text == "blamed")
    assert blamed.dep_ == "conj" and blamed.head.dep_ == "advcl"  # the parse the rule is for
    assert _subject(blamed).text == "she"


def test_an_agentless_passive_is_the_one_who_did_it_in_the_active_voice_just_before():
    text = (
        "Factwise rated 32% of Green claims as false, compared to 11% of Labour claims.\n\n"
        "A majority of Labour statements (54%) were rated as mostly true, compared to only 18% of Green "
        "statements.\n"
    )
    assert_said(text, "mostly true", "Factwise")


def test_a_slide_from_a_presentation_someone_carries_is_theirs():
    text = (
        "Economy Minister Tomas Berndt has been touring American cities to argue against the tariffs.\n\n"
        "A slide from a presentation that Mr. Berndt and his aides carry with them shows what a car would cost "
        "under the tariff. Another slide shows that most of the limes eaten in the country are grown abroad.\n"
    )
    assert_said(text, "most of the limes", "Tomas Berndt")


def test_a_ruling_is_the_ruling_of_whoever_ruled():
    text = (
        "The Tenth Circuit Court of Appeals ruled on Friday that the county's purge of inactive voters broke federal "
        "law.\n\n"
        "\"A county cannot remove a voter for failing to vote,\" the ruling said.\n"
    )
    assert_said(text, "cannot remove a voter", "Tenth Circuit Court of Appeals")


def test_a_ruling_is_the_ruling_of_the_court_a_description_of_it_ruled_as():
    # "The appeals court ruled" names no court: the ruling takes the court that description was resolved to
    text = (
        "A federal appeals court ruled Friday against Orland's procedure for removing voters.\n\n"
        "The Tenth Circuit Court of Appeals voted 2 to 1 to send the case back to the district court.\n\n"
        "The appeals court ruled that the county's practices could remove eligible voters.\n\n"
        "\"A county cannot remove a voter for failing to vote,\" the ruling said.\n"
    )
    assert_said(text, "cannot remove a voter", "Tenth Circuit Court of Appeals")


@pytest.mark.parametrize(
    "text, words, speaker",
    [
        (
            "Vesna Korhal, the former trade secretary, stressed her support for the new port during a forum on "
            "Tuesday. The former first lady and city councillor said it was a mistake to delay the vote.\n",
            "a mistake to delay the vote",
            "Vesna Korhal",
        ),
        (
            "Tomas Brell on Monday called on Ada Fenn to apologise for the remark. That was outrageous, Kovac's "
            "former campaign strategist said in an interview with a local radio station.\n",
            "That was outrageous",
            "Tomas Brell",
        ),
        (
            "Ilse Marten, the mayor's eldest daughter, described the plan in an interview last week. Asked why it "
            "left out fathers, the 34-year-old mother of three replied that the plan was meant for mothers.\n",
            "the plan was meant for mothers",
            "Ilse Marten",
        ),
    ],
)
def test_a_describing_noun_is_the_person_in_view(text, words, speaker):
    # "the former first lady", "X's former campaign strategist", "the 34-year-old mother": no post that somebody
    # holds, so like "she" or "he", the person in view (never the possessor)
    assert_said(text, words, speaker)


def test_an_imperative_to_the_reader_is_the_writers_own():
    text = (
        "The council voted 7-2 on Tuesday to keep the harbour levy, after a debate that ran past midnight. Mayor "
        "Dana Holt said the vote settled the matter for this year.\n\n"
        "But don't expect the fishermen to give up their campaign before the spring elections.\n"
    )
    assert_said(text, "fishermen to give up", "Rhea Calloway", authors=["Rhea Calloway"])
    assert_said(text, "settled the matter", "Dana Holt", authors=["Rhea Calloway"])


def test_a_section_title_the_tagger_calls_a_person_is_nobody():
    # the tagger reads "The Gap Goes" as a person; with no proper noun in it, it is no name
    text = (
        "Water.\n\n"
        "The Gap Goes On: It was under Mr. Orlov's watch that the assembly established the water board, which is "
        "dedicated to clean rivers. He has championed small farms and extended loans to young farmers. And in recent "
        "months, he said he backed the idea of a farmer succeeding him as chairman.\n"
    )
    assert_said(text, "a farmer succeeding him", "Orlov")


def test_who_after_a_description_with_a_name_in_apposition_is_the_name():
    text = (
        "There was a panoply of dignitaries, including Vern Hollis, who signed the bill authorizing the museum, and "
        "his wife, Marta, who spoke of her early talks with the museum's director, Lonnie Brand.\n"
    )
    assert_said(text, "her early talks", "Marta")


def test_one_of_the_members_who_is_the_one_named():
    text = (
        "Dana Whitcombe has sat on the harbour committee since 2009. Whitcombe was one of three members who voted "
        "against the dredging budget because it cut the fishermen's grants.\n"
    )
    assert_said(text, "the dredging", "Dana Whitcombe")


def test_the_group_after_a_group_of_people_is_no_organisation():
    text = (
        "Holt has won or tied among the group of voters earning $100,000 or more in every race since 1990, according "
        "to the Calder Institute for Polling. Four years ago Varga led among the high-earning group but lost.\n\n"
        "The group also views Mayor Ilse Brand and Dana Lorne more favorably than Holt.\n"
    )
    assert_said(text, "more favorably", None)


def test_a_description_looks_back_to_a_clauses_subject_before_a_mere_mention():
    text = (
        "Tom Miller offered some pointed advice to Dana Holt on Friday.\n\n"
        '"I think she has got to start talking about the real issues," Miller said.\n\n'
        "As far as whether Miller still senses anger at Holt among his supporters, the Vermont senator acknowledged "
        "that there are still some people who feel that way.\n"
    )
    assert_said(text, "still some people", "Tom Miller")


def test_the_union_is_the_body_named_as_workers_or_an_association():
    text = (
        "The Allied Dock Workers signed the new contract on Monday after a year of talks with Brackley "
        "Energy and Osric Coal.\n\n"
        "The union said the contract would protect pensions for a decade.\n"
    )
    assert_said(text, "protect pensions", "Allied Dock Workers")


def test_a_body_described_before_it_is_named_is_the_one_named_later():
    text = (
        "Brell Shipping moved its ships to Tarrow last spring. A few weeks before, the company took steps to cut its "
        "pension costs, according to the union.\n\n"
        "Ada Lind, a spokeswoman for the Harbour Dockers Association, said the move had cost 300 jobs.\n"
    )
    assert_said(text, "cut its pension costs", "Harbour Dockers Association")


def test_a_role_description_as_subject_carries_its_holder_to_the_next_she():
    text = (
        "Mayor Linda Carter and her challenger, Tom Harlow, met for their only debate on Thursday.\n\n"
        "The host, Karen Voss of Radio Tarrow, asked whether the candidates would back the new ferry terminal. "
        "Mr. Harlow said he would sign the contract tomorrow. The mayor was more careful. She said she would wait "
        "for the council's review.\n"
    )
    assert_said(text, "wait for the council's review", "Linda Carter")


def test_of_two_holders_of_a_role_the_one_in_the_authors_words_speaks():
    text = (
        "Karl Brenner, Ostland's trade minister, said the mills had been dumping steel for a year. In Vesterland, "
        "the commerce minister, Jonas Hald, struck a calmer tone.\n\n"
        "Mr. Brenner said he would call Mr. Hald on Thursday. “Whether there are duties depends on Vesterland,” the "
        "minister said.\n"
    )
    assert_said(text, "Whether there are duties", "Karl Brenner")


def test_a_bodys_leader_named_in_apposition_is_the_person_not_the_body():
    text = (
        "Vestland's opposition rejected the early results on Sunday.\n\n"
        "The Renewal Front's leader, Ilya Marek, told supporters in the port city of Drava that the party's own "
        "tally gave him 48 percent of the vote.\n"
    )
    assert_said(text, "own tally gave him 48 percent", "Ilya Marek")


def test_she_after_an_unnamed_person_introduced_with_a_is_that_person():
    text = (
        "Dr. Karin Lindvall, the hospital's chief executive, said the offer was the best the budget allows.\n\n"
        "A nurse on the cardiac ward, who did not want her name published, said the ward had run with four nurses "
        "instead of seven on most nights. “Last Thursday I had eleven patients,” she said.\n"
    )
    assert_said(text, "eleven patients", None)


def test_a_specialist_by_trade_is_the_person_in_view():
    text = (
        "“These are the clearest signals in thirty years,” said Dr. Ines Marlow. The volcanologist, who has studied "
        "the mountain for two decades, said an eruption was unlikely but that lava could reach the road within hours.\n"
    )
    assert_said(text, "an eruption was unlikely", "Ines Marlow")


def test_he_after_a_description_resolved_to_a_person_is_that_person():
    text = (
        "Harbour Town sacked its head coach, Frank Ostrow, 62, on Sunday. Reserve-team coach Aidan Byrne will take "
        "charge of Saturday's match, the club said.\n\n"
        "The 62-year-old coach, who arrived from the Polish league two years ago, said he had learned of his "
        "dismissal from a text message. “I gave this club two years of my life,” he told the Harbour Courier.\n"
    )
    assert_said(text, "two years of my life", "Frank Ostrow")


def test_an_organisation_the_tagger_cut_after_for_is_joined_to_the_rest():
    text = (
        "After the debate, Whitlock for Senate, the Republican's campaign committee, told supporters in an email "
        "that he had won the night.\n"
    )
    assert_said(text, "won the night", "Whitlock for Senate")


def test_a_quotation_after_a_sentence_about_someone_is_theirs_not_the_last_speakers():
    text = (
        "The supporters' trust said it had no confidence in the board.\n\n"
        "Frank Ostrow, whose contract ran until 2027, has not decided whether to stay in Dunmore. “My daughter is "
        "at school here, and she likes it. We will see.”\n"
    )
    assert_said(text, "My daughter is at school here", "Frank Ostrow")


def test_an_organisations_mission_speaks_for_it():
    text = (
        "Vestland's election count dragged on for a third day on Monday.\n\n"
        "The Coastal States Assembly's observer mission said in a preliminary report that voting had been largely "
        "orderly.\n"
    )
    assert_said(text, "voting had been largely orderly", "Coastal States Assembly")


def test_a_headlines_draft_is_the_draft_the_story_says_a_body_prepared():
    text = (
        "Leaked draft shows Tarrow plans mooring fee rise\n\n"
        "A draft of Tarrow's harbour plan, prepared by the Ministry of Ports and seen by this newspaper, proposes "
        "doubling the mooring fee.\n"
    )
    assert_said(text, "Tarrow plans mooring fee rise", "Ministry of Ports")


def test_a_name_inside_the_subjects_relative_clause_is_not_the_source():
    # the tagger may mark the members the relative clause lists; the subject it describes advocates
    text = (
        "Nurses from the Rural Care Alliance marched in Dunmore on Monday. The alliance, which includes the region's "
        "two largest nurses unions and the Carrow Institute for Health Policy, advocates for equal care, especially "
        "for rural patients.\n"
    )
    assert_said(text, "equal care", "Rural Care Alliance")


def test_a_paragraph_of_quotation_alone_is_whoever_the_paragraph_before_ended_on():
    text = (
        "Fishermen crowded the harbour office on Friday.\n\n"
        "Tomas Rell, 58, whose boat has been tied up since June, told the meeting that he had not landed a catch "
        "in eleven weeks.\n\n"
        "\u201cThey promise a survey every spring, and every spring the survey is late. My father fished these "
        "waters for forty years.\u201d\n\n"
        "\u201cNobody in that office has ever been out in a storm.\u201d\n"
    )
    assert_said(text, "survey is late", "Tomas Rell")
    assert_said(text, "out in a storm", "Tomas Rell")


def test_a_given_name_the_tagger_took_for_a_place_is_the_person_of_that_name():
    text = (
        "A student at Vellmar University, Mateo Ruiz, emailed me in March. The editor, Celeste Marsh, told me that "
        "retractions are rare.\n\n"
        "Mateo, for his part, has asked that his name be left out of the notice.\n"
    )
    assert_said(text, "his name be left out", "Mateo Ruiz")


def test_the_writers_unnamed_kin_is_who_a_later_she_is():
    text = (
        "Save the Canal Street library\n\n"
        "By Orla Penhale\n\n"
        "The council's leader, Graham Tull, says the branches are underused. I disagree with him.\n\n"
        "My daughter, who is nine, asked me last week why the library was closing. I did not have a good answer. "
        "She has suggested that the councillors come and read to the children there on a Saturday.\n"
    )
    assert_said(text, "come and read to the children", None, authors=["Orla Penhale"])


def test_list_items_with_no_subject_of_their_own_take_the_lead_ins():
    text = (
        "The harbour board met for the last time before the election.\n\n"
        "Since taking office, Mayor Ines Cordova has:\n"
        "\u2022 told the board that the ferry contract would be put out to tender again;\n"
        "\u2022 promised residents a public hearing on the new car park;\n"
        "\u2022 refused to say whether she would stand for a second term.\n"
    )
    assert_said(text, "ferry contract", "Ines Cordova")
    assert_said(text, "second term", "Ines Cordova")


def test_an_assessment_or_a_projection_speaks_for_whoever_made_it():
    text = (
        "Wrenfield Borough Council will close two pools next year. The council's own equality assessment concedes "
        "that the closures will fall hardest on older residents.\n"
    )
    assert_said(text, "fall hardest", "Wrenfield Borough Council")


def test_an_it_that_takes_up_a_thing_just_made_subject_is_nobody():
    text = (
        "Greystone Haulage has run the town's bins since 2019.\n\n"
        "Outside the depot on Mill Lane, a hand-painted banner went up over the weekend. It reads: "
        "\u201cBins before bonuses. Pay the drivers.\u201d\n"
    )
    assert_said(text, "Bins before bonuses", None)


def test_in_an_interview_the_answers_i_is_the_guest():
    text = (
        "The baker who wants us to slow down: Noor Haddad on sourdough\n\n"
        "Noor Haddad has run the Crane Street bakery for twelve years. Ms. Haddad spoke to me in her kitchen on a "
        "wet Monday. This interview has been edited and condensed.\n\n"
        "Why does your bread take two days?\n\n"
        "Because flour needs time. I think most supermarket bread is made in three hours, and you can taste it.\n\n"
        "Is it worth the price?\n\n"
        "People pay for what they value. I believe a good loaf is worth more than a cheap one.\n\n"
        "I asked her about the new supermarket. Will it hurt you?\n\n"
        "Probably. I fear the shop will close before the year is out.\n"
    )
    authors = ["Tom Reyes"]
    assert_said(text, "most supermarket bread", "Noor Haddad", authors)
    assert_said(text, "shop will close", "Noor Haddad", authors)


def test_everyone_in_a_place_is_unnamed_people_not_the_place():
    text = (
        "Elena Carvell formed the coalition two years ago. Few in Grenholm now believe that it will last.\n"
    )
    assert_said(text, "it will last", None)
    # the tagger may mark only the place
    island = "Ilse Varga runs the station on Hallin. No relation, although everyone on Hallin assumes I am his daughter.\n"
    assert_said(island, "I am his daughter", None)
