"""`importReviewContributions` forgives and never duplicates: per-input keys, vocabulary read
case-insensitively, errors naming the input and field, a check that writes nothing, atomic
and non-atomic imports."""

from db import models
from tests.write_api.conftest import OPEN_PROCESS, OWN_ISCM, Callers
from tests.write_api.operations import CREATE, IMPORT, MERGE, REMOVE, SUBMIT
from tests.write_api.test_contribution_mutations import codes, count


def row(title: str, **overrides) -> dict:
    return {
        "iscm": OWN_ISCM,
        "reviewProcess": OPEN_PROCESS,
        "title": title,
        "summary": f"What {title} says.",
        "gcmObjectives": [5],
        **overrides,
    }


def outcomes(payload: dict) -> list[str]:
    return [result["outcome"] for result in payload["results"]]


async def written(session) -> tuple[int, int]:
    return await count(session, models.ReviewContribution), await count(session, models.AuditEvent)


async def test_a_rerun_stores_only_what_is_new_or_changed(callers: Callers, session):
    rows = [row("One", key="r1"), row("Two", key="r2"), row("Three")]
    first = await callers.partner.ok(IMPORT, {"inputs": rows, "atomic": False})
    assert outcomes(first) == ["CREATED", "CREATED", "CREATED"]
    before = await written(session)

    # the same file again: nothing is written
    again = await callers.partner.ok(IMPORT, {"inputs": rows, "atomic": False})
    assert outcomes(again) == ["UNCHANGED", "UNCHANGED", "UNCHANGED"]
    assert again["importedCount"] == 0
    assert [r["contribution"]["id"] for r in again["results"]] == [
        r["contribution"]["id"] for r in first["results"]
    ]
    assert await written(session) == before

    # a fixed row updates its draft, whether known by key or by title (case aside)
    rows[0]["title"] = "One, retitled"
    rows[2] = row("THREE", summary="Fixed.")
    fixed = await callers.partner.ok(IMPORT, {"inputs": rows, "atomic": False})
    assert outcomes(fixed) == ["UPDATED", "UNCHANGED", "UPDATED"]
    assert [r["contribution"]["version"] for r in fixed["results"]] == [2, 1, 2]
    assert fixed["results"][0]["contribution"]["title"] == "One, retitled"
    assert (await written(session))[0] == before[0]


async def test_vocabulary_cells_are_read_case_insensitively(callers: Callers):
    payload = await callers.partner.payload(
        IMPORT,
        {
            "inputs": [
                row("Spelled", iscm="Bali-Process", level="Regional", phase="agenda setting"),
                row("Named", level="inter-regional", outcomeType="Capacity-building"),
                row("Misspelled", level="Regionl"),
            ],
            "atomic": False,
        },
    )

    assert outcomes(payload) == ["CREATED", "CREATED", "FAILED"]
    assert [r["contribution"] and r["contribution"]["level"] for r in payload["results"]] == [
        "REGIONAL",
        "INTERREGIONAL",
        None,
    ]
    (error,) = payload["results"][2]["errors"]
    assert (error["code"], error["field"]) == ("UNKNOWN_REFERENCE", ["inputs", "2", "level"])
    assert "expected one of NATIONAL, REGIONAL, INTERREGIONAL, GLOBAL" in error["message"]


async def test_atomic_stores_nothing_and_non_atomic_stores_the_good_inputs(
    callers: Callers, session
):
    rows = [row("Good"), row("Bad", summary="  ", gcmObjectives=[30]), row("Also good")]
    before = await written(session)

    atomic = await callers.partner.payload(IMPORT, {"inputs": rows})
    assert outcomes(atomic) == ["ROLLED_BACK", "FAILED", "ROLLED_BACK"]
    assert sorted(codes(atomic["errors"])) == [
        ("OUT_OF_RANGE", ["inputs", "1", "gcmObjectives", "0"]),
        ("REQUIRED", ["inputs", "1", "summary"]),
    ]
    assert await written(session) == before

    partial = await callers.partner.ok(IMPORT, {"inputs": rows, "atomic": False})
    assert outcomes(partial) == ["CREATED", "FAILED", "CREATED"]
    assert partial["importedCount"] == 2
    assert (await written(session))[0] == before[0] + 2


async def test_a_check_reports_everything_and_writes_nothing(callers: Callers, session):
    stored = await callers.partner.ok(IMPORT, {"inputs": [row("Kept"), row("Edited")]})
    before = await written(session)

    check = await callers.partner.payload(
        IMPORT,
        {
            "inputs": [
                row("Kept"),
                row("Edited", summary="New text."),
                row("New"),
                row("Broken", level="sideways"),
            ],
            "check": True,
        },
    )

    assert check["checked"] is True
    assert outcomes(check) == ["UNCHANGED", "UPDATED", "CREATED", "FAILED"]
    assert check["importedCount"] == 0
    # it reports records as they are: the edited one unchanged, the new one absent
    edited = check["results"][1]["contribution"]
    assert edited == stored["results"][1]["contribution"]
    assert check["results"][2]["contribution"] is None
    assert codes(check["errors"]) == [("UNKNOWN_REFERENCE", ["inputs", "3", "level"])]
    assert await written(session) == before


async def test_records_past_draft_removed_or_merged_are_not_changed_or_brought_back(
    callers: Callers, session
):
    first = await callers.partner.ok(
        IMPORT, {"inputs": [row("Sent"), row("Removed"), row("Merged"), row("Survivor")]}
    )
    sent, removed, merged, survivor = (r["contribution"]["id"] for r in first["results"])
    await callers.partner.ok(SUBMIT, {"id": sent, "version": 1})
    await callers.editor.ok(REMOVE, {"id": removed, "reason": "not wanted"})
    await callers.editor.ok(MERGE, {"id": merged, "into": survivor, "reason": "same"})
    before = await written(session)

    same = await callers.partner.payload(
        IMPORT,
        {"inputs": [row("Sent"), row("Removed"), row("Merged"), row("Survivor")], "atomic": False},
    )
    changed = await callers.partner.payload(
        IMPORT, {"inputs": [row("Sent", summary="Changed after submitting.")]}
    )

    assert outcomes(same) == ["UNCHANGED", "UNCHANGED", "UNCHANGED", "UNCHANGED"]
    notes = [r["note"] for r in same["results"]]
    assert notes[0] is None
    assert notes[3] is None
    assert "removed by an editor" in notes[1]
    assert "merged into" in notes[2]
    assert same["results"][1]["contribution"] is None
    assert same["results"][2]["contribution"]["id"] == survivor
    assert codes(changed["errors"]) == [("CONFLICT", ["inputs", "0", "title"])]
    assert "SUBMITTED" in changed["errors"][0]["message"]
    assert await written(session) == before


async def test_keys_name_one_record_each(callers: Callers, session):
    # a file that gains a key column keeps what it stored without one
    plain = await callers.partner.ok(IMPORT, {"inputs": [row("Adopted")]})
    keyed = await callers.partner.ok(IMPORT, {"inputs": [row("Adopted", key="a-1")]})
    assert outcomes(keyed) == ["UNCHANGED"]
    assert keyed["results"][0]["contribution"] == plain["results"][0]["contribution"]

    # two inputs naming one record, and a title two live drafts share, are refused
    repeated = await callers.partner.payload(
        IMPORT, {"inputs": [row("X", key="k"), row("Y", key="k"), row("Z"), row("z")]}
    )
    assert codes(repeated["errors"]) == [
        ("CONFLICT", ["inputs", "1", "key"]),
        ("CONFLICT", ["inputs", "3", "title"]),
    ]
    for _ in range(2):
        await callers.partner.ok(CREATE, {"input": row("Twice")})
    ambiguous = await callers.partner.payload(IMPORT, {"inputs": [row("Twice")]})
    assert codes(ambiguous["errors"]) == [("CONFLICT", ["inputs", "0", "title"])]
    assert "merge them" in ambiguous["errors"][0]["message"]
