"""Chapter identity: title variants, stated renames, similarity links, lost titles, history."""

from __future__ import annotations

import pytest

from manualtui.chapters import (
    Chapter,
    assign_chapters,
    chapter_key,
    chapters,
    find_chapter,
    history,
    load_thresholds,
    normalise_title,
    stated_renames,
    title_similarity,
)
from manualtui.load import build_library, load_manuals
from manualtui.model import Entry, Item, Kind, Library, Manual, Release
from manualtui.record import item_record

ENFIELD = "London Borough of Enfield"
LUTON = "Luton Borough Council"


@pytest.fixture(scope="module")
def library() -> Library:
    return load_manuals()


def chapter_of(library: Library, council: str, title: str) -> Chapter:
    """The one chapter of `council` whose items include an entry titled `title`."""
    found = [c for c in chapters(library, council) if any(i.entry.title == title for i in c.items)]
    assert len(found) == 1, f"{council}: {title!r} is in {len(found)} chapters"
    return found[0]


def items_titled(library: Library, council: str, title: str) -> list[Item]:
    return [i for i in library.items if i.council == council and i.entry.title == title]


# ---- title variants -------------------------------------------------------------------

SAME_TITLE = [
    # every spelling variant of one chapter seen in the two samples
    (
        "Children and Young People Aged 0 -25 with Special Educational Needs and Disabilities"
        " - under review",
        "Children and Young People Aged 0-25 with Special Educational Needs and Disabilities",
    ),
    (
        "Unaccompanied Asylum Seeking Children - under review",
        "Unaccompanied Asylum Seeking Children",
    ),
    ("Placement with Parents", "Placements with Parents"),
    ("Step Up Step Down", "Step-Up and Step-Down"),
    (
        "Business Support Process For Child Protection Conferences",
        "Business Support Process for Child Protection Conferences",
    ),
    ("Public Law Outline - Procedure and Guidance", "Public Law Outline Procedures and Guidance"),
    ("Access to Records / Subject Access Request", "Access to Records / Subject Access Requests"),
    (
        "Placing and Visiting Children with Special Educational Needs and Disabilities or Health"
        " Conditions in Long-Term Residential Settings",
        "Placing and Visiting Children with Special Educational Needs and Disabilities or Health"
        " Condition in Long-Term Residential Settings",
    ),
    (
        "Holidays and School Trips In and Outside the UK",
        "Holidays and School Trips in and Outside the UK",
    ),
    (
        "Promoting the Education of Looked-After and Previously Looked After Children",
        "Promoting the Education of Looked After and Previously Looked After Children",
    ),
    ("Assessment and Approval of Foster Carers", "Assessment and Approvals of Foster Carers"),
    ("Children’s Consultation and Participation", "Children's Consultation and Participation"),
    (
        "Child Protection – Information Sharing System Within Luton",
        "Child Protection - Information Sharing System within Luton",
    ),
    (
        "PACE BEDS - Guidance for Luton YOS, Bedfordshire Police, Luton Borough Council & EDT"
        " Workers",
        "PACE BEDS: Guidance for Luton YOS, Bedfordshire Police, Luton Borough Council and EDT"
        " Workers",
    ),
    ("'Secure Accommodation' (Criteria) Reviews", "Secure Accommodation (Criteria) Reviews"),
]


@pytest.mark.parametrize(("a", "b"), SAME_TITLE)
def test_title_variants_share_a_form_and_a_key(a: str, b: str) -> None:
    assert normalise_title(a) == normalise_title(b)


def test_chapter_key_is_readable_and_drops_under_review() -> None:
    assert (
        chapter_key("Placements in Secure Accommodation on Welfare Grounds")
        == "placements-in-secure-accommodation-on-welfare-grounds"
    )
    assert (
        chapter_key("Unaccompanied Asylum Seeking Children - under review")
        == "unaccompanied-asylum-seeking-children"
    )
    assert (
        chapter_key("Children's Consultation & Participation")
        == "childrens-consultation-and-participation"
    )


MUST_NOT_MATCH = [
    ("Placements in Foster Care", "Placements in Residential Care"),
    ("Adoption Panel", "Fostering Panel"),
    ("Holidays and School Trips In the UK", "Holidays and School Trips Outside the UK"),
    ("Short Breaks", "Short Breaks Service Statement"),
    ("Assessments", "Luton Protocol for Single Assessments in Children's Social Care"),
    ("Adoption Support", "Adoption Reviews"),
    ("Placement for Adoption", "Placements with Parents"),
    ("Private Fostering", "Fostering Panel"),
    ("Permanence Planning for Looked After Children", "Permanence Planning Guidance"),
    ("Young Carers", "Enfield Young Carers Assessment Process"),
]


@pytest.mark.parametrize(("a", "b"), MUST_NOT_MATCH)
def test_different_chapters_stay_below_every_title_threshold(a: str, b: str) -> None:
    score = title_similarity(a, b)
    assert score < load_thresholds().cross_council_title
    assert score < load_thresholds().same_manual_title


MUST_MATCH = [
    (
        "Death or Serious Injury to a Child",
        "Death or Serious Injury to a Child (Looked After and Child In Need)",
    ),
    (
        "Court Reports in Placement Order Applications and Adoption/Special Guardianship Guidance",
        "Court Reports in Adoption/Special Guardianship Guidance",
    ),
    (
        "Assessment and Approval of Foster Carers",
        "Recruitment, Assessment and Approvals of Foster Carers",
    ),
    ("Leaving Care", "Leaving Care and Transition"),
    (
        "Education of Looked After Children",
        "Education of Looked After and Previously Looked After Children",
    ),
    (
        "Fostering for Adoption, Concurrent Planning and Temporary Approval as Foster Carers of"
        " Approved Prospective Adopters",
        "Early Permanence: Fostering for Adoption, Concurrent Planning and Temporary Approval as"
        " Foster Carers of Approved Prospective Adopters",
    ),
]


@pytest.mark.parametrize(("a", "b"), MUST_MATCH)
def test_longer_variants_of_a_title_match_across_councils(a: str, b: str) -> None:
    assert title_similarity(a, b) >= load_thresholds().cross_council_title


# ---- stated renames ---------------------------------------------------------------------

STATED = [
    (
        "This chapter has been re-titled (previously called Overnight Stays and Social Visits) "
        "and extensively updated.",
        ["Overnight Stays and Social Visits"],
    ),
    (
        "This chapter has been extensively updated and has been previously called Regulation 33.",
        ["Regulation 33"],
    ),
    (
        "This chapter has been extensively updated and should be read throughout. It replaces the "
        "previous chapter called Business Support Process for Child Protection Conferences.",
        ["Business Support Process for Child Protection Conferences"],
    ),
    (
        "This chapter has been extensively updated and replaces the previously entitled chapter "
        "Safeguarding Alerts and Dispute Resolution Alerts for Looked after Children Procedure.",
        ["Safeguarding Alerts and Dispute Resolution Alerts for Looked after Children Procedure"],
    ),
    (
        "This chapter has been added to the manual, it replaces the previous chapter Care and "
        "Supervision Proceedings and the Public Law Outline.",
        ["Care and Supervision Proceedings and the Public Law Outline"],
    ),
    (
        "This chapter has been reviewed. It combines to replace the previous 2 chapters Holidays "
        "and School Trips In the UK And Holidays and School Trips Outside the UK.",
        ["Holidays and School Trips In the UK", "Holidays and School Trips Outside the UK"],
    ),
    (
        "This chapter was previously located in the Fostering Services Procedures Manual.",
        ["Fostering Services Procedures Manual"],
    ),
    (
        "This chapter has been updated. It was formerly known as Children in Care Councils.",
        ["Children in Care Councils"],
    ),
]


@pytest.mark.parametrize(("details", "expected"), STATED)
def test_stated_renames_name_the_earlier_titles_with_their_phrase(
    details: str, expected: list[str]
) -> None:
    found = stated_renames(details)
    assert [old for old, _ in found] == expected
    assert all(phrase and phrase in details for _, phrase in found)


def test_no_rename_is_read_into_ordinary_details() -> None:
    assert (
        stated_renames(
            "This chapter has been updated to reflect Keeping Children Safe in "
            "Education 2019 which replaces the 2018 version."
        )
        == []
    )
    assert (
        stated_renames(
            "A link has been removed and replaced with a link to the "
            "'European Health Insurance Card'."
        )
        == []
    )


SAMPLE_RENAMES = [
    (
        ENFIELD,
        "Social Visits (Including Overnight Stays)",
        "Overnight Stays and Social Visits",
        "re-titled (previously called",
    ),
    (LUTON, "Monitoring Quality", "Regulation 33", "previously called Regulation 33"),
    (
        LUTON,
        "Business Process For Looked After Children's Reviews and Care Plan Monitoring",
        "Business Support Process For Child Protection Conferences",
        "replaces the previous chapter",
    ),
    (
        LUTON,
        "Escalation of Concerns For Looked after Children and Safeguarding (including "
        "Dispute Resolution) Procedure",
        "Safeguarding Alerts and Dispute Resolution Alerts for Looked after Children Procedure",
        "replaces the previously entitled chapter",
    ),
    (
        LUTON,
        "Public Law Outline Procedures and Guidance",
        "Care and Supervision Proceedings and the Public Law Outline",
        "replaces the previous chapter Care",
    ),
    (
        LUTON,
        "Holidays and School Trips in and Outside the UK",
        "Holidays and School/Organisational Trips Outside the UK",
        "combines to replace",
    ),
    (
        LUTON,
        "No Recourse to Public Funds",
        "No Recourse to Public Funds (Disbenefitted Families)",
        "replaces the previous chapter",
    ),
    (
        ENFIELD,
        "Unaccompanied Migrant Children and Child Victims of Trafficking and Modern Slavery",
        "Unaccompanied Asylum Seeking Children",
        "replaces a previous one",
    ),
]


@pytest.mark.parametrize(("council", "new", "old", "phrase"), SAMPLE_RENAMES)
def test_every_stated_rename_in_the_samples_joins_one_chapter_with_its_evidence(
    library: Library, council: str, new: str, old: str, phrase: str
) -> None:
    chapter = chapter_of(library, council, new)
    assert old in chapter.titles or any(old == i.entry.title for i in chapter.items)
    assert any(phrase in link.evidence for link in chapter.renames)
    assert all(link.release for link in chapter.renames if phrase in link.evidence)


def test_a_rename_names_chapters_the_page_never_lists_as_aliases(library: Library) -> None:
    social = chapter_of(library, ENFIELD, "Social Visits (Including Overnight Stays)")
    assert social.aliases == ("Overnight Stays and Social Visits",)
    holidays = chapter_of(library, LUTON, "Holidays and School Trips in and Outside the UK")
    assert "Holidays and School Trips In the UK" in holidays.aliases


SAMPLE_VARIANTS = [
    (
        LUTON,
        "Children and Young People Aged 0 -25 with Special Educational Needs and "
        "Disabilities - under review",
        "Children and Young People Aged 0-25 with Special Educational Needs and Disabilities",
    ),
    (
        LUTON,
        "Unaccompanied Asylum Seeking Children - under review",
        "Unaccompanied Asylum Seeking Children",
    ),
    (LUTON, "Placement with Parents", "Placements with Parents"),
    (LUTON, "Step Up Step Down", "Step-Up and Step-Down"),
    (
        LUTON,
        "Business Support Process For Child Protection Conferences",
        "Business Process For Looked After Children's Reviews and Care Plan Monitoring",
    ),
    (
        LUTON,
        "Public Law Outline - Procedure and Guidance",
        "Public Law Outline Procedures and Guidance",
    ),
    (
        LUTON,
        "Education of Looked After and Previously Looked After Children",
        "Promoting the Education of Looked-After and Previously Looked After Children",
    ),
    (
        LUTON,
        "Fostering for Adoption, Concurrent Planning and Temporary Approval as Foster "
        "Carers of Approved Prospective Adopters",
        "Early Permanence: Fostering for Adoption, Concurrent Planning and Temporary Approval as "
        "Foster Carers of Approved Prospective Adopters",
    ),
]


@pytest.mark.parametrize(("council", "a", "b"), SAMPLE_VARIANTS)
def test_title_variants_in_the_samples_share_one_chapter_key(
    library: Library, council: str, a: str, b: str
) -> None:
    keys_a = {i.chapter for i in items_titled(library, council, a)}
    keys_b = {i.chapter for i in items_titled(library, council, b)}
    assert keys_a and keys_a == keys_b


def test_similarity_links_say_so(library: Library) -> None:
    early = chapter_of(
        library,
        LUTON,
        "Early Permanence: Fostering for Adoption, Concurrent "
        "Planning and Temporary Approval as Foster Carers of Approved "
        "Prospective Adopters",
    )
    link = next(r for r in early.renames if r.old_title.startswith("Fostering for Adoption"))
    assert "similar titles" in link.evidence and "never in the same release" in link.evidence
    assert link.release == ""


def test_different_chapters_in_one_manual_keep_their_own_keys(library: Library) -> None:
    def key(council: str, title: str) -> str:
        return chapter_of(library, council, title).key

    assert key(LUTON, "Placements in Foster Care") != key(LUTON, "Placements in Residential Care")
    assert key(LUTON, "Adoption Panel") != key(LUTON, "Fostering Panel")
    assert key(LUTON, "Short Breaks") != key(LUTON, "Short Breaks Service Statement")
    assert key(LUTON, "Young Carers") != key(LUTON, "Young Carers Strategy")


# ---- hand-made manuals: removed beside new, lost titles ---------------------------------


def entry(kind: Kind, title: str, details: str, line: int) -> Entry:
    return Entry(kind, title, (details,), line, line)


def manual(council: str, releases: list[tuple[str, int, int, list[Entry]]]) -> Manual:
    return Manual(
        council,
        "Manual",
        f"{council}.txt",
        "blocks",
        tuple(
            Release(label, year, month, entries[0].first_line - 1, tuple(entries))
            for label, year, month, entries in releases
        ),
    )


def build(*manuals: Manual) -> Library:
    return build_library(manuals)


def test_a_removed_chapter_beside_a_new_one_of_the_same_subject_is_a_rename() -> None:
    lib = build(
        manual(
            "Kent",
            [
                (
                    "May 2024",
                    2024,
                    5,
                    [
                        entry(
                            Kind.NEW,
                            "Holidays and School Trips In and Outside the UK",
                            "This chapter has been added.",
                            2,
                        ),
                        entry(Kind.REMOVED, "Holidays and School Trips Outside the UK", "", 3),
                        entry(Kind.REMOVED, "Staying Put Policy", "", 4),
                    ],
                ),
                (
                    "May 2023",
                    2023,
                    5,
                    [
                        entry(
                            Kind.UPDATED,
                            "Holidays and School Trips Outside the UK",
                            "Section 2, Passports has been updated.",
                            6,
                        ),
                    ],
                ),
            ],
        )
    )
    holidays = chapter_of(lib, "Kent", "Holidays and School Trips In and Outside the UK")
    assert [i.release.key for i in holidays.items] == ["2024-05", "2024-05", "2023-05"]
    assert "removed in the release that added a chapter" in holidays.renames[0].evidence
    staying = chapter_of(lib, "Kent", "Staying Put Policy")
    assert staying.key != holidays.key


LOST_SECTION_6 = (
    "Section 6, Placements of Children under 13 years has been updated following "
    "publication of revised DfE guidance."
)


def test_a_lost_title_is_proposed_from_a_twin_in_another_manual_with_evidence() -> None:
    lost = manual(
        "Enfield", [("October 2020", 2020, 10, [entry(Kind.UPDATED, "", LOST_SECTION_6, 10)])]
    )
    twin = manual(
        "Luton",
        [
            (
                "January 2021",
                2021,
                1,
                [
                    entry(
                        Kind.UPDATED,
                        "Placements in Secure Accommodation on Welfare Grounds",
                        "Section 6, Placements of Children under the age of 13 Years has been "
                        "updated following publication of revised DfE guidance.",
                        217,
                    )
                ],
            )
        ],
    )
    assignment = assign_chapters([lost, twin])[0][0][0]
    assert assignment.inferred
    assert assignment.title == "Placements in Secure Accommodation on Welfare Grounds"
    assert assignment.chapter == "placements-in-secure-accommodation-on-welfare-grounds"
    assert "Luton January 2021" in assignment.evidence and "line 217" in assignment.evidence


def test_a_lost_title_is_proposed_from_a_twin_in_the_same_manual() -> None:
    one = manual(
        "Enfield",
        [
            ("October 2020", 2020, 10, [entry(Kind.UPDATED, "", LOST_SECTION_6, 10)]),
            (
                "October 2019",
                2019,
                10,
                [entry(Kind.UPDATED, "Placements in Secure Accommodation", LOST_SECTION_6, 20)],
            ),
        ],
    )
    first = assign_chapters([one])[0][0][0]
    assert first.inferred and first.title == "Placements in Secure Accommodation"


def test_generic_or_ambiguous_details_give_no_proposal() -> None:
    generic = "This chapter has been revised and updated."
    lost = manual(
        "Enfield",
        [
            (
                "October 2020",
                2020,
                10,
                [entry(Kind.UPDATED, "", generic, 4), entry(Kind.UPDATED, "", LOST_SECTION_6, 8)],
            )
        ],
    )
    others = manual(
        "Luton",
        [
            (
                "January 2021",
                2021,
                1,
                [
                    entry(Kind.UPDATED, "Private Fostering", generic, 2),
                    entry(Kind.UPDATED, "Placements in Foster Care", LOST_SECTION_6, 3),
                    entry(Kind.UPDATED, "Placements in Residential Care", LOST_SECTION_6, 4),
                ],
            )
        ],
    )
    assignments = assign_chapters([lost, others])[0][0]
    assert [a.inferred for a in assignments] == [False, False]
    assert [a.chapter for a in assignments] == ["untitled-4", "untitled-8"]
    assert [a.title for a in assignments] == ["", ""]


def test_enfield_lost_titles_are_proposed_where_luton_has_the_twin(library: Library) -> None:
    lost = [i for i in library.items if i.council == ENFIELD and not i.entry.title]
    proposed = {
        (i.release.key, i.entry.first_line): i.chapter_title
        for i in lost
        if i.title_inferred and i.inference.startswith("details ")
    }
    assert proposed == {
        ("2020-10", 10): "Placements in Secure Accommodation on Welfare Grounds",
        ("2020-10", 12): "Notifications of Significant Events",
        ("2020-04", 36): "Assessments",
        ("2020-04", 38): "Recording Policy and Guidelines",
        ("2020-04", 44): "Notifications of Significant Events",
    }
    for item in lost:  # never silently: a proposal always says where it comes from
        if item.title_inferred:
            assert LUTON in item.inference and item.title_confidence is not None
        else:
            assert item.chapter_title == "" and item.chapter.startswith("untitled-")
            assert item.title_confidence is None


def test_enfield_lost_titles_without_a_twin_get_suggestions(library: Library) -> None:
    """Where no twin exists, a chapter whose title names what the details are about is
    suggested: marked as a suggestion, with its evidence and a confidence."""
    suggested = {
        i.entry.first_line: i
        for i in library.items
        if i.council == ENFIELD and i.inference.startswith("suggestion")
    }
    assert {n: i.chapter_title for n, i in suggested.items()} == {
        18: "Capacity and Consent",
        22: "Storage of Data on Mobile Devices",
    }
    consent, storage = suggested[18], suggested[22]
    assert consent.title_inferred and consent.entry.title == ""
    assert "'consent'" in consent.inference and "low confidence" in consent.inference
    assert storage.title_confidence == 1.0 and "high confidence" in storage.inference
    assert consent.title_confidence is not None and consent.title_confidence < 0.6
    record = item_record(consent)
    assert (record["title"], record["title_inferred"]) == ("", True)
    assert record["inference"].startswith("suggestion") and record["title_confidence"] < 0.6


def test_no_suggestion_where_the_details_name_no_chapter() -> None:
    about = "This chapter provides guidance on the use of drones near airports."
    lost = manual("Enfield", [("May 2021", 2021, 5, [entry(Kind.UPDATED, "", about, 3)])])
    others = manual(
        "Luton",
        [("May 2021", 2021, 5, [entry(Kind.UPDATED, "Capacity and Consent", "Updated.", 2)])],
    )
    assert assign_chapters([lost, others])[0][0][0].inferred is False


# ---- chapters, find_chapter, history ----------------------------------------------------


def test_chapters_list_each_key_once_per_manual_with_changes_and_releases(library: Library) -> None:
    listed = chapters(library)
    keys = [(c.council, c.key) for c in listed]
    assert len(keys) == len(set(keys))
    assert sum(c.changes for c in listed) == len(library.items)
    parents = chapter_of(library, ENFIELD, "Placements with Parents")
    assert (parents.changes, parents.first_release, parents.last_release) == (
        3,
        "2017-10",
        "2019-10",
    )


def test_find_chapter_by_key_title_alias_and_fuzzy_text(library: Library) -> None:
    assert find_chapter(library, "placements-with-parents")[0].key == "placements-with-parents"
    by_alias = find_chapter(library, "Overnight Stays and Social Visits", ENFIELD)
    assert by_alias[0].title == "Social Visits (Including Overnight Stays)"
    assert (
        find_chapter(library, "Placements in Secure Acommodation on Welfare Grounds", LUTON)[0].key
        == "placements-in-secure-accommodation-on-welfare-grounds"
    )
    assert find_chapter(library, "no such chapter anywhere") == []


def test_history_follows_a_chapter_in_both_councils_newest_first(library: Library) -> None:
    timelines = history(library, "Placements with Parents")
    assert [t.council for t in timelines] == [ENFIELD, LUTON]
    for timeline in timelines:
        keys = [i.release.key for i in timeline.items]
        assert keys == sorted(keys, reverse=True)
    assert "2015-08" in [i.release.key for i in timelines[1].items]  # "Placement with Parents"


def test_history_matches_a_renamed_chapter_across_councils(library: Library) -> None:
    timelines = history(library, "Death or Serious Injury to a Child")
    assert [t.chapter.title for t in timelines] == [
        "Death or Serious Injury to a Child",
        "Death or Serious Injury to a Child (Looked After and Child In Need)",
    ]
    assert timelines[1].match.startswith(("same update", "titles"))
