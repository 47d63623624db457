"""Re-read priority rules, section references and legal drivers; the hand-labelled set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from manualtui.chapters import normalise_title
from manualtui.errors import ManualError
from manualtui.load import load_manuals
from manualtui.model import Entry, Kind, Priority, SectionRef
from manualtui.priority import (
    RULES_ENV,
    assess,
    default_rules_path,
    drivers,
    load_rules,
    sections,
)

LABELS = Path(__file__).parent / "labels" / "priority.csv"
REQUIRED_AGREEMENT = 0.95


def entry(details: str, kind: Kind = Kind.UPDATED, title: str = "Some Chapter") -> Entry:
    return Entry(kind, title, tuple(details.split("\n\n")), 1, 1)


REREAD = [
    ("This chapter has been updated and should be re-read.", "should be re-read"),
    ("This guidance has been updated and should be re read.", "should be re read"),
    ("The chapter should be reread.", "should be reread"),
    ("It has been updated and should be re-read in full.", "should be re-read in full"),
    (
        "This chapter has been extensively updated and should be read throughout.",
        "read throughout",
    ),  # between two reread rules, the first listed decides
    ("It should be read in its entirety.", "read in its entirety"),
    ("Completely revised and therefore should be read in it's entirety.", "read in it's entirety"),
    ("This chapter has been completely revised.", "completely revised"),
    ("This chapter has been extensively revised.", "extensively revised"),
    ("This chapter has been substantially updated.", "substantially updated"),
    ("This chapter has been significantly updated throughout.", "significantly updated"),
    ("This chapter has been refreshed throughout.", "refreshed throughout"),
    ("This chapter has been revised throughout locally.", "revised throughout"),
    ("This chapter has been rewritten.", "rewritten"),
    ("This chapter has been re-wriiten to emphasise welfare.", "re-wriiten"),
    ("Please re-reference this chapter.", "Please re-reference"),
    ("Minor amendments have been made; the chapter should be re-read.", "should be re-read"),
]


@pytest.mark.parametrize(("details", "phrase"), REREAD)
def test_reread_phrases_decide_reread_and_record_the_phrase(details: str, phrase: str) -> None:
    assessment = assess(entry(details))
    assert assessment.priority is Priority.REREAD
    assert assessment.reason.casefold() == phrase.casefold()


def test_an_explicit_reread_wins_over_minor_in_the_same_text() -> None:
    text = "Minor amendments have been made.\n\nSection 2, Visits should be re-read."
    assert assess(entry(text)).priority is Priority.REREAD
    assert assess(entry("Minor amendments have been made.")).priority is Priority.NOTE


# Rule families of other councils' pages (tests/devset): each decision names its phrase.
FAMILIES = [
    # the whole chapter replaced
    (
        "This chapter replaced the previous chapter revised in line with Working Together.",
        Priority.REREAD,
        "replaced the previous chapter",
    ),
    (
        "In September 2024, this chapter was replaced with an updated version following a full "
        "review.",
        Priority.REREAD,
        "chapter was replaced with an updated version",
    ),
    # chapter-wide revision
    (
        "This chapter has been amended throughout to reflect Keeping Children Safe in Education.",
        Priority.REREAD,
        "amended throughout",
    ),
    ("This chapter has been entirely revised.", Priority.REREAD, "entirely revised"),
    (
        "The chapter was renamed, and all content was updated.",
        Priority.REREAD,
        "all content was updated",
    ),
    (
        "In June 2025, a full tri.x review of the chapter was carried out.",
        Priority.REREAD,
        "a full tri.x review of the chapter",
    ),
    (
        "In April 2025, this chapter was updated following a full legal review.",
        Priority.REREAD,
        "updated following a full legal review",
    ),
    (
        "This resulted in minor text amendments throughout to add clarity.",
        Priority.REREAD,
        "amendments throughout",
    ),
    # confined to named sections, however large
    (
        "This chapter was amended in July 2024, Section 8, Medical Assessments was extensively "
        "revised.",
        Priority.REVIEW,
        "Section 8, Medical Assessments was extensively revised",
    ),
    ("Section 4 was extensively revised.", Priority.REVIEW, "Section 4 was extensively revised"),
    (
        "The section on Inherent Jurisdiction has been updated throughout in line with guidance.",
        Priority.REVIEW,
        "updated",
    ),
    (
        "Appendix 1: Template for Locking Cases has been updated.",
        Priority.REVIEW,
        "Appendix 1: Template for Locking Cases has been updated",
    ),
    (
        "Text was also added at Section 5.3, Referrals, about trafficking.",
        Priority.REVIEW,
        "added at Section 5.3",
    ),
    # plain changes, even minor ones that name what changed
    (
        "In May 2024 minor amendments were made to definitions.",
        Priority.REVIEW,
        "amendments were made",
    ),
    (
        "In August 2024, information was added in relation to family group decision-making.",
        Priority.REVIEW,
        "information was added",
    ),
    (
        "This guidance has been reviewed throughout and updated as required.",
        Priority.REVIEW,
        "reviewed",
    ),
    # notes: wording, links, contacts
    ("The changes are technical updates only.", Priority.NOTE, "technical updates only"),
    (
        "This chapter was updated. The changes are technical updates only.",
        Priority.NOTE,
        "technical updates only",
    ),
    (
        "The term historical abuse has been updated to non-recent (historical) abuse.",
        Priority.NOTE,
        "The term historical abuse has been updated",
    ),
    (
        "In September 2024, Twitter was changed to X (formerly Twitter).",
        Priority.NOTE,
        "In September 2024, Twitter was changed to X (formerly Twitter).",
    ),
    (
        "This resulted in minor text amendments to clarify the arrangements.",
        Priority.NOTE,
        "minor text amendments",
    ),
    (
        "In Further Information, a link has been added to Caseworker Guidance.",
        Priority.NOTE,
        "link has been added",
    ),
    (
        "Changes have been made to Further Information.",
        Priority.NOTE,
        "Changes have been made to Further Information",
    ),
    (
        "The SCIE Hub was removed from Section 7 as it is no longer available.",
        Priority.NOTE,
        "Hub was removed from Section 7 as it is no longer available",
    ),
    (
        "This chapter has been updated to reflect current contact information.",
        Priority.NOTE,
        "updated to reflect current contact information",
    ),
]


@pytest.mark.parametrize(("details", "priority", "phrase"), FAMILIES)
def test_rule_families_of_other_councils_pages(
    details: str, priority: Priority, phrase: str
) -> None:
    assessment = assess(entry(details))
    assert (assessment.priority, assessment.reason) == (priority, phrase)


# Families that unseen pages showed: what "throughout" is about, "all content" reviewed and
# updated, layout only, repaired links, dotted names inside a link's name, a form moved into
# an appendix, a resources section updated in the past tense.
UNSEEN_FAMILIES = [
    ("Hyperlinks were checked and updated throughout.", Priority.NOTE),
    ("In March 2025, web links have been refreshed throughout the chapter.", Priority.NOTE),
    ("Job titles were amended throughout to match the new team structure.", Priority.NOTE),
    ("Service names have been changed throughout.", Priority.NOTE),
    ("The list of Designated Safeguarding Leads was updated.", Priority.NOTE),
    ("The list of responsibilities in Section 2 has been updated.", Priority.REVIEW),
    ("Each section of the procedure was revised to reflect the new guidance.", Priority.REREAD),
    ("The whole of the guidance has been updated.", Priority.REREAD),
    ("This version replaces the edition published in 2021.", Priority.REREAD),
    ("Please ensure that all staff read the updated version.", Priority.REREAD),
    ("No change to practice; the wording has been tidied.", Priority.NOTE),
    ("Grammatical corrections have been made.", Priority.NOTE),
    ("The procedure title has been amended.", Priority.NOTE),
    ("This chapter has had a presentational check only.", Priority.NOTE),
    ("A revised version of the procedure has been issued.", Priority.REREAD),
    ("Replacing the previous procedure, this chapter sets out the new model.", Priority.REREAD),
    ("Text throughout this procedure was revised.", Priority.REREAD),
    ("The Related Guidance section was reviewed and refreshed.", Priority.NOTE),
    ("References to 'Children Looked After' changed to 'children in care'.", Priority.NOTE),
    ("A new version of the referral form has been added.", Priority.NOTE),
    ("Information and links have been updated throughout.", Priority.REREAD),
    ("All content in this procedure was reviewed and revised.", Priority.REREAD),
    ("In June 2025, all of the content of this chapter was checked and updated.", Priority.REREAD),
    ("Changes have been made throughout Section 6, Visits, following an audit.", Priority.REVIEW),
    ("The chapter has been updated throughout.", Priority.REREAD),
    ("The formatting of this procedure has been tidied. The content is unchanged.", Priority.NOTE),
    ("The layout of the chapter was improved; there are no changes to practice.", Priority.NOTE),
    ("Broken links were fixed.", Priority.NOTE),
    ("A link to NHS.UK: Sepsis in Children has been added.", Priority.NOTE),
    ("A link has been added in Further Information to GOV.UK: Prevent Duty.", Priority.NOTE),
    ("The consent form was updated and is now in Appendix 2.", Priority.REVIEW),
    ("In April 2025, the Relevant Guidance section was amended.", Priority.NOTE),
]


@pytest.mark.parametrize(("details", "priority"), UNSEEN_FAMILIES)
def test_rule_families_of_unseen_pages(details: str, priority: Priority) -> None:
    assert assess(entry(details)).priority is priority


@pytest.mark.parametrize(
    "title", ["Local Contacts", "Medway - Contact Details", "List of Agency Decision Makers"]
)
def test_a_contacts_or_list_chapter_is_a_note_however_it_changed(title: str) -> None:
    assessment = assess(entry("This chapter was refreshed in May 2025.", title=title))
    assert assessment.priority is Priority.NOTE
    changed = assess(
        entry("This chapter was refreshed in May 2025.", title="Contacts and Referrals")
    )
    assert changed.priority is Priority.REVIEW


def test_a_new_chapter_is_reread_and_a_removed_one_a_note() -> None:
    new = assess(entry("A link to this resource has been added.", Kind.NEW))
    assert (new.priority, new.reason) == (Priority.REREAD, "a new chapter")
    assert assess(entry("", Kind.REMOVED)).priority is Priority.NOTE


REVIEW = [
    "Section 6, Placements of Children under 13 years has been updated following publication "
    "of revised DfE guidance.",
    "A new Section 2, Ordinary Residence has been added.",
    "This chapter has been updated.",
    "This chapter has been refreshed.",
    "This chapter has been amended to reflect case-law.",
    "Information has been added into Section 4, Care Orders.",
    "This chapter has been refreshed and a link added to National Standards.",
    "This chapter has been updated to reflect the Ombudsman's points. A link to the report "
    "has been added.",
]


@pytest.mark.parametrize("details", REVIEW)
def test_named_sections_and_bare_updates_are_review(details: str) -> None:
    assert assess(entry(details)).priority is Priority.REVIEW


NOTE = [
    "A link has been added to the NRPF Network.",
    "This chapter has been updated with a link to the Contact After Adoption website.",
    "The link to Case management guidance has been updated.",
    "This chapter has had links to DoH guidance and the Young Carers Trust updated.",
    "Section 8, Home Study has been updated to include a link to GOV.UK Benefits.",
    "'Council Guide to Tackling Modern Slavery' has been added into Further Information section.",
    "The LADO Referral Form has been updated.",
    "The SWET templates have been added.",
    "This list of local contacts has been updated.",
    "The contact details for the Youth Justice Board Head Office have been updated.",
    "Minor amendments have been made to the wording.",
    "Formatting has been corrected throughout the appendix.",
]


@pytest.mark.parametrize("details", NOTE)
def test_links_contacts_and_wording_are_notes(details: str) -> None:
    assert assess(entry(details)).priority is Priority.NOTE


def test_a_contacts_chapter_updated_is_a_note_but_others_are_not() -> None:
    assert (
        assess(entry("These details have been updated.", title="Local Contacts")).priority
        is Priority.NOTE
    )
    assert (
        assess(entry("These details have been updated.", title="Scheme of Delegation")).priority
        is Priority.REVIEW
    )


def test_details_naming_no_change_fall_back_to_the_default() -> None:
    assessment = assess(entry("This guidance deals with issues such as the legal context."))
    assert assessment.priority is Priority.REVIEW
    assert "no rule" in assessment.reason


SECTIONS = [
    (
        "Section 6, Placements of Children under 13 years has been updated.",
        [("6", "Placements of Children under 13 years")],
    ),
    (
        "Section 5.2.5, Providing Support has been updated to reflect the increase.",
        [("5.2.5", "Providing Support")],
    ),
    ("A new Section 2, Ordinary Residence has been added.", [("2", "Ordinary Residence")]),
    (
        "(See Section 6, Placements of Children Under the Age of 13 Years).",
        [("6", "Placements of Children Under the Age of 13 Years")],
    ),
    (
        "This chapter has been extensively revised with new Section 2, Assessing Children in Need "
        "and Section 6, Visits to Children in Need",
        [("2", "Assessing Children in Need"), ("6", "Visits to Children in Need")],
    ),
    ("In Section 4, Formal Approval, a link has been added.", [("4", "Formal Approval")]),
    ("Section 1.3 has been added which states Form B will need to be completed.", [("1.3", "")]),
    (
        "Information has been added into Section 15, Resolving Disagreements in relation to "
        "legal aid.",
        [("15", "Resolving Disagreements")],
    ),
    ("Section, 8 Court Hearings has been updated.", [("8", "Court Hearings")]),
    # sections of Acts and Regulations are not chapter sections
    ("It does not apply under Section 38(6) Children Act 1989 for the purposes of assessment.", []),
    (
        "This chapter has been amended to reflect Section 3 of the Care Planning and Care Leavers "
        "(Amendment) Regulations 2014.",
        [],
    ),
    ("Section 9 Children and Social Work Act 2017 amends Section 1(4)(f).", []),
    ("The term was not used in Section 20.", []),
]


@pytest.mark.parametrize(("details", "expected"), SECTIONS)
def test_section_references_are_extracted(details: str, expected: list[tuple[str, str]]) -> None:
    assert sections(details) == tuple(SectionRef(n, name) for n, name in expected)


DRIVERS = [
    (
        "Following R (on the application of X) [2023] UKSC 31, the chapter was amended.",
        "[2023] UKSC 31",
    ),
    (
        "the High Court in ST & VW v SSHD [2021] EWHC 1085 (Admin) held that",
        "[2021] EWHC 1085 (Admin)",
    ),
    ("M and N (Children) [2018] EWFC 40 (1 June 2018).", "[2018] EWFC 40"),
    (
        "in line with the Children and Social Work Act 2017 and revised guidance",
        "Children and Social Work Act 2017",
    ),
    (
        "the Care Planning and Care Leavers (Amendment) Regulations 2014. The Care Plan",
        "Care Planning and Care Leavers (Amendment) Regulations 2014",
    ),
    (
        "amended in line with the Police, Crime, Sentencing and Courts Act 2022.",
        "Police, Crime, Sentencing and Courts Act 2022",
    ),
    (
        "reflect revisions contained in the statutory guidance Working Together",
        "statutory guidance",
    ),
    (
        "to reflect Working Together to Safeguard Children (2018)",
        "Working Together to Safeguard Children",
    ),
    (
        "amended in line with revised Keeping Children Safe in Education.",
        "Keeping Children Safe in Education",
    ),
    ("revised guidance issued by Ofsted to Children's Homes Providers", "Ofsted"),
    (
        "changes from 'Practice Direction 27a - Family Proceedings: Court Bundles'",
        "Practice Direction 27a",
    ),
    ("Section 3 has been updated in line with case-law.", "case law"),
    ("to reflect a High Court judgment.", "case law"),
    ("in line with Public Law Working Group (PLWG) Recommendations", "legal review"),
]


@pytest.mark.parametrize(("details", "driver"), DRIVERS)
def test_legal_drivers_are_tagged(details: str, driver: str) -> None:
    assert driver in drivers(details)


def test_an_ordinary_update_has_no_driver() -> None:
    assert drivers("A link to the Friendship for All project has been added.") == ()


# ---- the rules file -----------------------------------------------------------------------


def test_the_rules_ship_inside_the_package() -> None:
    assert default_rules_path().is_file()
    assert default_rules_path().parent.name == "data"


def test_a_council_can_point_at_its_own_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = tmp_path / "rules.toml"
    rules.write_text(
        '[default]\npriority = "note"\nreason = "local default"\n\n'
        '[[rule]]\nname = "pets"\npriority = "reread"\npatterns = [\'\\bpets?\\b\']\n',
        encoding="utf-8",
    )
    monkeypatch.setenv(RULES_ENV, str(rules))
    assert assess(entry("A risk assessment of any pets is needed.")).priority is Priority.REREAD
    assert assess(entry("This chapter has been updated.")).reason == "local default"


DEFAULT = '[default]\npriority = "note"\nreason = "x"\n'
RULE = f'{DEFAULT}[[rule]]\nname = "pets"\npriority = "reread"\n'
BROKEN_RULES = {
    "a priority no one knows": (
        '[default]\npriority = "urgent"\nreason = "x"\n',
        "default.priority: must be one of reread, review, note, not 'urgent'",
    ),
    "no default": ("", "default.priority: missing"),
    "a pattern that does not compile": (
        f"{RULE}patterns = ['pets?', '(dogs']\n",
        "rule[1].patterns[2]: missing ), unterminated subpattern at position 0",
    ),
    "patterns that cannot be joined": (
        f"{RULE}patterns = ['(?P<pet>dogs)', '(?P<pet>cats)']\n",
        "rule[1].patterns: cannot be joined into one pattern (redefinition of group name",
    ),
    "a flag in words": (
        f"{RULE}patterns = ['pets?']\ndecisive = 'yes'\n",
        "rule[1].decisive: must be true or false, not 'yes'",
    ),
    "a misspelt key": (
        f"{RULE}pattern = ['pets?']\n",
        "rule[1].pattern: unknown key (known: name, priority, patterns,",
    ),
    "a kind no one knows": (
        f'{DEFAULT}[kinds]\nrenamed = {{ priority = "note", reason = "x" }}\n',
        "kinds.renamed: must be one of updated, new, removed, not 'renamed'",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_RULES))
def test_a_broken_rules_file_is_one_line_naming_the_key(tmp_path: Path, name: str) -> None:
    text, problem = BROKEN_RULES[name]
    rules = tmp_path / "rules.toml"
    rules.write_text(text, encoding="utf-8")
    with pytest.raises(ManualError) as error:
        load_rules(rules)
    assert str(error.value).startswith(f"{rules}: {problem}")
    assert "\n" not in str(error.value)


# ---- the hand-labelled set ----------------------------------------------------------------


def test_computed_priority_agrees_with_the_hand_labelled_entries() -> None:
    with LABELS.open(encoding="utf-8", newline="") as handle:
        labels = list(csv.DictReader(handle))
    assert len(labels) >= 80
    assert {row["council"] for row in labels} == {"enfield", "luton"}
    library = load_manuals()
    agree = 0
    for row in labels:
        matches = [
            item
            for item in library.items
            if row["council"] in item.council.casefold()
            and item.release.key == row["release"]
            and normalise_title(item.entry.title).startswith(normalise_title(row["title"]))
            and (row["title"] or not item.entry.title)
            and item.entry.details_text.startswith(row["details"])
        ]
        assert len(matches) == 1, f"label {row} matches {len(matches)} entries"
        agree += matches[0].priority.value == row["priority"]
    assert agree / len(labels) >= REQUIRED_AGREEMENT, f"{agree}/{len(labels)} agree"


def test_a_long_run_of_capitalised_words_is_read_quickly_and_names_no_act() -> None:
    from manualtui.model import Entry, Kind
    from manualtui.priority import assess

    # Before the 16-word bound this took minutes; a slow regex shows here as a hang.
    entry = Entry(Kind.UPDATED, "Title", (" ".join(["Word"] * 32000),), 1, 1)
    assert assess(entry).drivers == ()
