"""Leading phrases of resolution clauses, and the mandate actions clauses and titles state."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from hrcgraph.graph.clauses import (
    MandateActionMatch,
    mandate_action,
    mandate_from_title,
    mandate_kind,
    mandate_state,
    mandate_titles,
    normalize_phrase,
    operative_phrase,
)
from hrcgraph.graph.countries import Countries


@pytest.fixture(scope="module")
def countries() -> Countries:
    return Countries.load()


@pytest.mark.parametrize(
    ("text", "phrase", "kind"),
    [
        # preambular: participles and adjectives
        ("Welcoming the cooperation of Mali with international human rights mechanisms", "Welcoming", "preambular"),
        ("Recalling all relevant resolutions of the Human Rights Council", "Recalling", "preambular"),
        ("Recalling also its resolution 5/1", "Recalling also", "preambular"),
        ("Noting with concern the deterioration of the security situation", "Noting with concern", "preambular"),
        ("Noting with deep concern the reports of", "Noting with deep concern", "preambular"),
        ("Deeply concerned by the continuing violations", "Deeply concerned", "preambular"),
        ("Gravely concerned at the humanitarian situation", "Gravely concerned", "preambular"),
        ("Reaffirming that all States have the responsibility", "Reaffirming", "preambular"),
        ("Bearing in mind the Charter of the United Nations", "Bearing in mind", "preambular"),
        ("Recognizing the efforts of the Government", "Recognizing", "preambular"),
        ("Recognising the role of civil society", "Recognising", "preambular"),
        ("Emphasizing the primary responsibility of States", "Emphasizing", "preambular"),
        ("Stressing the importance of accountability", "Stressing", "preambular"),
        ("Taking note of the report of the Independent Expert", "Taking note", "preambular"),
        ("Taking into account the needs of the population", "Taking into account", "preambular"),
        ("Expressing deep concern at the number of displaced persons", "Expressing deep concern", "preambular"),
        ("Mindful of the fact that", "Mindful", "preambular"),
        ("Guided by the purposes and principles of the Charter", "Guided by", "preambular"),
        ("Convinced that dialogue is essential", "Convinced", "preambular"),
        ("Having considered the report of the Working Group", "Having considered", "preambular"),
        ("Condemning all acts of violence", "Condemning", "preambular"),
        ("Acknowledging the steps taken", "Acknowledging", "preambular"),
        ("Underlining the need for a comprehensive approach", "Underlining", "preambular"),
        ("Keeping in mind that", "Keeping in mind", "preambular"),
        ("Alarmed by the rise in hate speech", "Alarmed", "preambular"),
        # operative: verbs in the third person, with adverbs and fixed complements
        ("Welcomes the adoption of the National Programme", "Welcomes", "operative"),
        ("Strongly condemns the violations and abuses of human rights", "Strongly condemns", "operative"),
        ("Also strongly condemns the attacks on the civilian population", "Also strongly condemns", "operative"),
        ("Calls upon the Malian transitional authorities", "Calls upon", "operative"),
        ("Calls on all parties to the conflict", "Calls on", "operative"),
        ("Decides to extend the mandate of the Independent Expert", "Decides to extend", "operative"),
        ("Decides to remain seized of the matter", "Decides to remain", "operative"),
        ("Encourages the transitional authorities to continue", "Encourages", "operative"),
        ("Requests the Office of the High Commissioner to provide", "Requests", "operative"),
        ("Further requests the Independent Expert to submit", "Further requests", "operative"),
        ("Urges all States to cooperate", "Urges", "operative"),
        ("Reaffirms its commitment to the sovereignty of Mali", "Reaffirms", "operative"),
        ("Invites the international community", "Invites", "operative"),
        ("Once again urges the Government", "Once again urges", "operative"),
        ("Takes note with appreciation of the report", "Takes note with appreciation", "operative"),
        ("Takes note of the report", "Takes note", "operative"),
        ("Expresses its deep concern at the continued detention", "Expresses its deep concern", "operative"),
        ("Deplores the lack of cooperation", "Deplores", "operative"),
        ("Demands that all parties immediately cease", "Demands", "operative"),
        ("Stresses the need to combat impunity", "Stresses", "operative"),
        ("Emphasizes the importance of", "Emphasizes", "operative"),
        ("Commends the Government for its efforts", "Commends", "operative"),
        ("Recommends that the General Assembly", "Recommends", "operative"),
        ("Notes with concern the persistent reports", "Notes with concern", "operative"),
        ("Notes further that", "Notes further", "operative"),
        ("Acknowledges the measures taken", "Acknowledges", "operative"),
        ("Underlines the importance of", "Underlines", "operative"),
        ("Reiterates its call upon", "Reiterates", "operative"),
        ("Pays tribute to the victims", "Pays tribute", "operative"),
        ("Regrets the decision to", "Regrets", "operative"),
        # written as sources quote it
        ('"Strongly condemns the attacks"', "Strongly condemns", "operative"),
        ("“Welcoming the release of prisoners…”", "Welcoming", "preambular"),
        ("7. Requests the High Commissioner to present", "Requests", "operative"),
        ("Welcomes\u00a0the report", "Welcomes", "operative"),
    ],
)
def test_operative_phrase(text: str, phrase: str, kind: str) -> None:
    assert operative_phrase(text) == (phrase, kind)


@pytest.mark.parametrize(
    "text",
    ["", "The Human Rights Council,", "Further to its resolution 52/3", "the attacks on civilians",
     "Mali remains a concern", "…calls upon States"],
)
def test_no_operative_phrase(text: str) -> None:
    assert operative_phrase(text) is None


def test_phrase_is_returned_as_written() -> None:
    assert operative_phrase("ALSO  STRONGLY CONDEMNS the attacks") == ("ALSO  STRONGLY CONDEMNS", "operative")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Decides to extend the mandate of the Independent Expert on the situation of human rights in Mali for a "
         "period of one year…",
         ("extension", "Independent Expert on the situation of human rights in Mali", "P1Y", None)),
        ("Decides to extend the mandate of the Special Rapporteur on the situation of human rights in Belarus for a "
         "further period of one year, and requests the Special Rapporteur to submit a report",
         ("extension", "Special Rapporteur on the situation of human rights in Belarus", "P1Y", None)),
        ("Decides to renew, for a period of three years, the mandate of the Special Rapporteur on contemporary forms "
         "of racism, racial discrimination, xenophobia and related intolerance",
         ("extension", "Special Rapporteur on contemporary forms of racism, racial discrimination, xenophobia and "
          "related intolerance", "P3Y", None)),
        ("Decides to extend the mandate of the Working Group on Arbitrary Detention for a further period of three "
         "years",
         ("extension", "Working Group on Arbitrary Detention", "P3Y", None)),
        ("Decides to extend for six months the mandate of the Special Rapporteur on the situation of human rights "
         "in Burundi",
         ("extension", "Special Rapporteur on the situation of human rights in Burundi", "P6M", None)),
        ("Decides to extend the mandate of the Special Rapporteur on the situation of human rights in Eritrea until "
         "the end of its fifty-sixth session;",
         ("extension", "Special Rapporteur on the situation of human rights in Eritrea", None,
          "the end of its fifty-sixth session")),
        ("Decides also to extend the mandate of the Independent Expert on the situation of human rights in Somalia "
         "for a period of two years",
         ("extension", "Independent Expert on the situation of human rights in Somalia", "P2Y", None)),
        ("Decides to appoint, for a period of one year, a special rapporteur on the situation of human rights in "
         "Afghanistan",
         ("establishment", "Special rapporteur on the situation of human rights in Afghanistan", "P1Y", None)),
        ("Decides to establish, for a period of three years, the mandate of an Independent Expert on protection "
         "against violence and discrimination based on sexual orientation and gender identity, whose tasks will be",
         ("establishment", "Independent Expert on protection against violence and discrimination based on sexual "
          "orientation and gender identity", "P3Y", None)),
        ("Decides to establish the mandate of the Special Rapporteur on the right to privacy for a period of three "
         "years",
         ("establishment", "Special Rapporteur on the right to privacy", "P3Y", None)),
        ("Decides to create the mandate of Special Rapporteur in the field of cultural rights",
         ("establishment", "Special Rapporteur in the field of cultural rights", None, None)),
        ("Decides to discontinue the mandate of the Special Rapporteur on the situation of human rights in Belarus",
         ("termination", "Special Rapporteur on the situation of human rights in Belarus", None, None)),
        ("Decides to terminate the mandate of the Independent Expert on the situation of human rights in Haiti",
         ("termination", "Independent Expert on the situation of human rights in Haiti", None, None)),
        ("Decides not to renew the mandate of the Special Rapporteur on the situation of human rights in Eritrea",
         ("termination", "Special Rapporteur on the situation of human rights in Eritrea", None, None)),
    ],
)
def test_mandate_action(text: str, expected: tuple[str, str, str | None, str | None]) -> None:
    found = mandate_action(text)
    assert found is not None
    assert (found.kind, found.title, found.duration, found.until) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Decides to remain seized of the matter",
        "Strongly condemns the attacks on civilians",
        # a holder without its subject does not say which mandate
        "Decides to extend the mandate of the Independent Expert for a period of one year",
        "Decides to establish an independent international commission of inquiry to investigate all violations",
        # several mandates at once are not one mandate action
        "Decides to extend the mandates of the Special Rapporteur on X and the Independent Expert on Y",
        "Requests the Independent Expert on the situation of human rights in Mali to report",
    ],
)
def test_no_mandate_action(text: str) -> None:
    assert mandate_action(text) is None


def test_mandate_action_phrase() -> None:
    found = mandate_action("Decides to extend the mandate of the Independent Expert on minority issues")
    assert found == MandateActionMatch(kind="extension", title="Independent Expert on minority issues",
                                       phrase="Decides to extend")


@pytest.mark.parametrize(
    ("title", "kind", "mandate"),
    [
        ("Mandate of the Special Rapporteur on the right to food", "unspecified",
         "Special Rapporteur on the right to food"),
        ("Mandate of Special Rapporteur on the right to privacy", "unspecified",
         "Special Rapporteur on the right to privacy"),
        ("Mandate of the Special  Rapporteur on extrajudicial, summary or arbitrary executions", "unspecified",
         "Special Rapporteur on extrajudicial, summary or arbitrary executions"),
        ("Human rights of migrants : mandate of the Special Rapporteur on the human rights of migrants",
         "unspecified", "Special Rapporteur on the human rights of migrants"),
        ("Freedom of religion or belief: Mandate of the Special Rapporteur on freedom of religion or belief : "
         "amendment /", "unspecified", "Special Rapporteur on freedom of religion or belief"),
        ("Torture and other cruel, inhuman or degrading treatment or punishment : mandate of the Special Rapporteur",
         "unspecified", "Special Rapporteur on torture and other cruel, inhuman or degrading treatment or punishment"),
        ("Extension of the mandate of the independent international fact-finding mission on Myanmar : decision /",
         "extension", "Independent international fact-finding mission on Myanmar"),
        ("Renewal of the mandate of the Commission of Inquiry on Burundi", "extension",
         "Commission of Inquiry on Burundi"),
        ("Discontinuation of the mandate of Special Rapporteur on the situation of human rights in Eritrea",
         "termination", "Special Rapporteur on the situation of human rights in Eritrea"),
        ("Mandate of the Working Group of Experts on People of African Descent", "unspecified",
         "Working Group of Experts on People of African Descent"),
        ("Special Rapporteur on the rights of persons with disabilities", "unspecified",
         "Special Rapporteur on the rights of persons with disabilities"),
        ("Independent expert on the situation of human rights in the Sudan : decision /", "unspecified",
         "Independent expert on the situation of human rights in the Sudan"),
    ],
)
def test_mandate_from_title(title: str, kind: str, mandate: str) -> None:
    found = mandate_from_title(title)
    assert found is not None
    assert (found.kind, found.title) == (kind, mandate)


@pytest.mark.parametrize(
    "title",
    [
        "Technical assistance and capacity-building for Mali in the field of human rights",
        "Report of the Special Rapporteur on the sale of children, child prostitution and child pornography",
        "Postponement of the renewal of the mandate of the Working Group on Enforced or Involuntary Disappearances : "
        "decision /",
        "Extension of the mandates of special rapporteurs on thematic issues in the field of human rights",
        "Follow-up to the report of the Special Rapporteur on the situation of human rights in Myanmar",
        "Working Group on Communications : decision /",
        "Mandat du Rapporteur spécial sur le droit à l'alimentation",
    ],
)
def test_no_mandate_from_title(title: str) -> None:
    assert mandate_from_title(title) is None


@pytest.mark.parametrize(
    ("title", "kind", "iso3"),
    [
        ("Independent Expert on the situation of human rights in Mali", "country", "MLI"),
        ("Special Rapporteur on the situation of human rights in the Democratic People's Republic of Korea",
         "country", "PRK"),
        ("Commission of Inquiry on Burundi", "country", "BDI"),
        ("Special Rapporteur on the situation of human rights in the Palestinian territories occupied since 1967",
         "country", "PSE"),
        ("Special Rapporteur on the right to food", "thematic", None),
        ("Working Group on Arbitrary Detention", "thematic", None),
        ("Independent Expert on protection against violence and discrimination based on sexual orientation and "
         "gender identity", "thematic", None),
    ],
)
def test_mandate_kind(countries: Countries, title: str, kind: str, iso3: str | None) -> None:
    assert mandate_kind(title, countries) == kind
    state = mandate_state(title, countries)
    assert (state.iso3 if state else None) == iso3


@pytest.mark.slow
def test_every_mandate_title_of_the_catalogue_names_a_mandate(ohchr_dir: Path) -> None:
    """Every catalogue title "Mandate of <one holder> ..." gives a mandate with a subject.

    Titles naming holders in the plural ("Mandate of the independent experts on ...") are left out:
    they do not say that one mandate is meant.
    """
    path = ohchr_dir / "resolutions.csv"
    checked = 0
    with path.open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            title = row["title"]
            if not title.lower().startswith("mandate of ") or re.search(r"\b(?:experts|rapporteurs) on", title):
                continue
            found = mandate_from_title(title)
            assert found is not None, title
            assert found.kind == "unspecified", title
            assert re.match(r"^[\w\s-]+? (?:on|in|of|to) \S", found.title), title
            checked += 1
    assert checked > 50


# --- read from the paragraph-split texts: durations, holders named without their subject, phrases

@pytest.mark.parametrize(
    ("text", "duration"),
    [
        ("Decides to extend, for a renewable period of one year, the mandate of the Independent Expert on the "
         "situation of human rights in Haiti", "P1Y"),
        ("Decides to extend the mandate of the Special Rapporteur on minority issues for a further period of three "
         "years", "P3Y"),
        ("Decides to extend the mandate of the Special Rapporteur on minority issues for a further renewable period "
         "of two years", "P2Y"),
    ],
)
def test_durations(text: str, duration: str) -> None:
    found = mandate_action(text)
    assert found is not None and found.duration == duration


def test_a_holder_without_its_subject_is_the_mandate_the_text_names() -> None:
    """The Haiti resolutions extend "the mandate of the independent human rights expert appointed by the High
    Commissioner" and name the mandate in full elsewhere."""
    clause = ("Decides to extend, for a renewable period of one year, the mandate of the independent human rights "
              "expert appointed by the High Commissioner and tasked with undertaking, with the assistance of the "
              "Office, the monitoring of the human rights situation in Haiti;")
    assert mandate_action(clause) is None
    known = mandate_titles("Welcomes the reports prepared with the participation of the independent expert on the "
                           "situation of human rights in Haiti;")
    assert known == ["Independent Expert on the situation of human rights in Haiti"]
    found = mandate_action(clause, known=known)
    assert found is not None
    assert (found.kind, found.title, found.duration) == (
        "extension", "Independent Expert on the situation of human rights in Haiti", "P1Y")
    # two different mandates of that holder named equally often: which one is not said
    two = [*known, "Independent Expert on the situation of human rights in Mali"]
    assert mandate_action(clause, known=two) is None


def test_a_holder_given_a_task_is_no_title() -> None:
    assert mandate_titles("Requests the independent expert to devote greater attention to the situation of "
                          "children") == []


@pytest.mark.parametrize(
    "text",
    [
        "Calls upon all parties in Mali to cooperate fully with the Independent Expert and to help him carry out his "
        "mandate;",
        "Encourages the Malian authorities to strengthen cooperation with the Independent Expert on the situation of "
        "human rights in Mali in the fulfilment of the mandate entrusted to him;",
        "Invites the Secretary-General to continue to provide the Independent Expert with all the assistance he "
        "needs to discharge his mandate;",
        "Requests the Secretary-General to provide all the assistance necessary for the effective fulfilment of the "
        "mandate of the Special Rapporteur;",
        "Decides to hold a dialogue at its fifty-eighth session, in the presence of the Independent Expert;",
    ],
)
def test_mentioning_a_mandate_is_not_acting_on_it(text: str) -> None:
    assert mandate_action(text, known=["Independent Expert on the situation of human rights in Mali"]) is None


@pytest.mark.parametrize(
    ("phrase", "normalized"),
    [
        ("Also strongly condemns", "Strongly condemns"),
        ("Further requests", "Requests"),
        ("Once again urges", "Urges"),
        ("Decides to extend", "Decides"),
        ("Calls on", "Calls upon"),
        ("Recalling also", "Recalling also"),
        ("Deeply concerned", "Deeply concerned"),
        ("Taking note also", "Taking note also"),
    ],
)
def test_normalize_phrase(phrase: str, normalized: str) -> None:
    assert normalize_phrase(phrase) == normalized


def test_remaining_concerned_is_one_phrase() -> None:
    assert operative_phrase("Remaining deeply concerned about the food crisis") == (
        "Remaining deeply concerned", "preambular")


def test_the_end_of_a_mandate() -> None:
    found = mandate_action("Decides that the mandate of the Independent Expert on the situation of human rights in "
                           "Haiti shall end at the end of the fifty-eighth session of the Council;")
    assert found is not None
    assert (found.kind, found.title, found.duration, found.until) == (
        "termination", "Independent Expert on the situation of human rights in Haiti", None,
        "the end of the fifty-eighth session of the Council")
    assert mandate_action("Decides that the mandate of the Special Rapporteur should be given due attention;") is None


# --- succession: a mandate converted, renamed, or continued by a new one

@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # HRC resolution 25/5 (2014): the Independent Expert on minority issues became a Special Rapporteur
        ("Decides to extend the mandate of the Independent Expert on minority issues as a Special Rapporteur on "
         "minority issues for a period of three years;",
         ("conversion", "Independent Expert on minority issues", "Special Rapporteur on minority issues", "P3Y")),
        # HRC resolution 19/6 (2012) conferred the title of Special Rapporteur in the field of cultural rights
        ("Decides to extend the mandate of the independent expert in the field of cultural rights as a special "
         "rapporteur in the field of cultural rights for a period of three years;",
         ("conversion", "Independent expert in the field of cultural rights",
          "Special rapporteur in the field of cultural rights", "P3Y")),
        # the period first, then the new holder
        ("Decides to extend, for a period of three years, the mandate of the Independent Expert on minority issues, "
         "as a Special Rapporteur on minority issues;",
         ("conversion", "Independent Expert on minority issues", "Special Rapporteur on minority issues", "P3Y")),
        # a successor named by its holder alone keeps the subject of the mandate it succeeds
        ("Decides to convert the mandate of the Special Rapporteur on the situation of human rights in Burundi into "
         "a mandate of an independent expert;",
         ("conversion", "Special Rapporteur on the situation of human rights in Burundi",
          "Independent expert on the situation of human rights in Burundi", None)),
        ("Decides also to replace the mandate of the Special Rapporteur on the situation of human rights in Somalia "
         "by the mandate of an Independent Expert on the situation of human rights in Somalia;",
         ("conversion", "Special Rapporteur on the situation of human rights in Somalia",
          "Independent Expert on the situation of human rights in Somalia", None)),
        # the holder stays: a renaming
        ("Decides that the mandate of the Special Rapporteur on the right to food shall henceforth be called the "
         "Special Rapporteur on the right to adequate food;",
         ("renaming", "Special Rapporteur on the right to food", "Special Rapporteur on the right to adequate food",
          None)),
        ("Decides to rename the mandate of the Special Rapporteur on the right to food as the mandate of the Special "
         "Rapporteur on the right to adequate food;",
         ("renaming", "Special Rapporteur on the right to food", "Special Rapporteur on the right to adequate food",
          None)),
        ("Decides that the title of the Special Rapporteur on the right to food shall be changed to Special "
         "Rapporteur on the right to adequate food;",
         ("renaming", "Special Rapporteur on the right to food", "Special Rapporteur on the right to adequate food",
          None)),
    ],
)
def test_a_mandate_converted_or_renamed(text: str, expected: tuple[str, str, str, str | None]) -> None:
    found = mandate_action(text)
    assert found is not None
    assert (found.kind, found.title, found.successor, found.duration) == expected
    assert found.predecessor is None


@pytest.mark.parametrize(
    ("text", "title", "predecessor"),
    [
        # the Council's ninth session (2008) followed the Special Representative of the Secretary-General for human
        # rights in Cambodia with a Special Rapporteur
        ("Decides to establish, for a period of one year, the mandate of a special rapporteur on the situation of "
         "human rights in Cambodia, in place of the mandate of the Special Representative of the Secretary-General "
         "for human rights in Cambodia;",
         "Special rapporteur on the situation of human rights in Cambodia",
         "Special Representative of the Secretary-General for human rights in Cambodia"),
        ("Decides to appoint, for a period of one year, a special rapporteur on the situation of human rights in "
         "Cambodia to succeed the Special Representative of the Secretary-General for human rights in Cambodia;",
         "Special rapporteur on the situation of human rights in Cambodia",
         "Special Representative of the Secretary-General for human rights in Cambodia"),
        ("Decides to establish the mandate of an Independent Expert on the situation of human rights in the Sudan "
         "for a period of one year, which shall replace the mandate of the Special Rapporteur on the situation of "
         "human rights in the Sudan;",
         "Independent Expert on the situation of human rights in the Sudan",
         "Special Rapporteur on the situation of human rights in the Sudan"),
    ],
)
def test_an_establishment_that_continues_an_earlier_mandate(text: str, title: str, predecessor: str) -> None:
    found = mandate_action(text)
    assert found is not None
    assert (found.kind, found.title, found.predecessor, found.successor, found.duration) == (
        "establishment", title, predecessor, None, "P1Y")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # an extension that says how, not into what
        ("Decides to extend the mandate of the Special Rapporteur on the right to food for a period of three years, "
         "as set out in its resolution 7/14;", "extension"),
        ("Decides to extend the mandate of the Special Rapporteur on minority issues for a further period of three "
         "years, and requests the Special Rapporteur to continue to work as a special rapporteur on the issues "
         "identified;", "extension"),
        ("Decides to extend the mandate of the Independent Expert on the situation of human rights in Mali for a "
         "period of one year in order to permit him to continue to evaluate the situation of human rights in Mali;",
         "extension"),
        ("Decides to appoint, for a period of one year, a special rapporteur on the situation of human rights in "
         "Belarus;", "establishment"),
        # the same mandate under its own title is no succession
        ("Decides to extend the mandate of the Special Rapporteur on minority issues as Special Rapporteur on "
         "minority issues for a period of three years;", "extension"),
    ],
)
def test_acting_on_a_mandate_is_no_succession(text: str, kind: str) -> None:
    found = mandate_action(text)
    assert found is not None
    assert (found.kind, found.successor, found.predecessor) == (kind, None, None)


@pytest.mark.parametrize(
    "text",
    [
        # recalled, welcomed or described, not decided
        "Recalling its resolution 25/5, by which it decided to extend the mandate of the Independent Expert on "
        "minority issues as a Special Rapporteur on minority issues,",
        "Welcomes the work of the Special Rapporteur on the situation of human rights in Cambodia, whose mandate "
        "succeeded that of the Special Representative of the Secretary-General for human rights in Cambodia;",
        "Calls upon the Government to cooperate fully with the Special Rapporteur as the successor to the Special "
        "Representative of the Secretary-General;",
        "Requests the Independent Expert to help him carry out his mandate in place of the former Special "
        "Rapporteur;",
        # words replaced in a text, not a mandate
        "Decides to replace the words “independent expert” by “special rapporteur” in paragraph 3 of its "
        "resolution 7/6;",
        # whose mandate is converted is not said
        "Decides to convert the mandate into a mandate of a Special Rapporteur;",
        "Decides to extend the mandate of the current mandate holder as a special rapporteur on the human right to "
        "safe drinking water and sanitation for a period of three years;",
        # several mandates at once
        "Decides to convert the mandates of the independent experts on Haiti and on Somalia into mandates of special "
        "rapporteurs;",
    ],
)
def test_mentioning_a_succession_is_not_deciding_it(text: str) -> None:
    """No action at all: none of these clauses decides anything about a mandate."""
    assert mandate_action(text, known=["Independent Expert on the situation of human rights in Haiti"]) is None
