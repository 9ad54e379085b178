"""`examples/import_contributions.py` against a real server: a file with bad lines is checked,
refused whole, imported row by row, fixed and imported again, and never stores a row twice."""

import sys
from pathlib import Path

from sqlalchemy import select

from db import models
from tests.write_api.conftest import OWN_ISCM
from tests.write_api.live import committed_key, run

HEADER = "key,iscm,review_process,title,summary,practices,level,gcm_objectives\n"
# Line 1 is the header; the second row's summary spans lines 3 and 4.
ROWS = [
    "r1,bali-process,test-open-review,CSV fair recruitment,Pilots with three States.,,Regional,6;5\n",
    'r2,Bali-Process,test-open-review,  CSV data sharing  ,"Migration data\nworking group.",Shared definitions,,1\n',
    "r3,bali-process,test-open-review,CSV return,Cooperation on return.,,sideways,10\n",
    "r4,budapest-process,test-open-review,CSV not ours,Another ISCM's.,,,\n",
    "r5,bali-process,test-open-review,CSV smuggling,Counter-smuggling.,,,five\n",
]
TITLES = ["CSV data sharing", "CSV fair recruitment", "CSV return", "CSV smuggling"]
PROBLEMS = [
    "line 5, column level: UNKNOWN_REFERENCE: `level` 'sideways' is not a governance level: "
    "expected one of NATIONAL, REGIONAL, INTERREGIONAL, GLOBAL (the code or its name, in any case)",
    "line 6, column iscm: FORBIDDEN: you may not write contributions for 'budapest-process'",
    "line 7, column gcm_objectives: expected GCM objective numbers separated by ';' (e.g. 5;6), "
    "not 'five'",
]


async def test_a_csv_file_is_fixed_and_imported_again_without_duplicates(
    server, committed_session, tmp_path: Path
):
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    path = tmp_path / "contributions.csv"
    path.write_text(HEADER + "".join(ROWS), encoding="utf-8")

    async def script(*options: str) -> tuple[int, list[str], str]:
        code, out, err = await run(
            sys.executable,
            "examples/import_contributions.py",
            str(path),
            "--url",
            f"{server.url}/graphql",
            *options,
            env={"ISCM_API_TOKEN": token},
        )
        return code, out.splitlines(), err

    async def stored() -> dict[str, str | None]:
        rows = await committed_session.execute(
            select(models.ReviewContribution.title, models.ReviewContribution.level).where(
                models.ReviewContribution.title.in_(TITLES)
            )
        )
        await committed_session.commit()
        found = list(rows.all())
        assert len(found) == len({title for title, _ in found}), "a row was stored twice"
        return dict(found)

    # a check reports every problem by line and column, and writes nothing
    code, lines, err = await script("--check")
    assert code == 1, err
    assert lines == [
        *PROBLEMS,
        "check: would store 2 (2 new, 0 updated), unchanged 0, failed 3; nothing was written",
    ]
    assert await stored() == {}

    # an all-or-nothing import (the default) stores nothing either
    code, lines, _ = await script()
    assert code == 1
    assert lines[:3] == PROBLEMS
    assert lines[3] == "nothing was stored: fix the lines above and run again, or use --no-atomic"
    assert await stored() == {}

    # --no-atomic stores the good rows, "Regional" read as REGIONAL
    code, lines, _ = await script("--no-atomic")
    assert code == 1
    assert lines[0].startswith("line 2: created ")
    assert lines[0].endswith(" (DRAFT)")
    assert lines[1].startswith("line 3: created ")
    assert lines[2:5] == PROBLEMS
    assert lines[5] == "stored 2 (2 new, 0 updated), unchanged 0, failed 3"
    assert await stored() == {"CSV fair recruitment": "REGIONAL", "CSV data sharing": None}

    # the file fixed (a level written as a name, a number, the other ISCM's row dropped, a
    # summary reworded) and run again stores what is new or changed, nothing twice
    fixed = [
        ROWS[0],
        ROWS[1].replace("working group.", "working group, fixed."),
        ROWS[2].replace("sideways", "global"),
        ROWS[4].replace("five", "5"),
    ]
    path.write_text(HEADER + "".join(fixed), encoding="utf-8")
    code, lines, err = await script()
    assert code == 0, err
    assert [line.split(" ")[:3] for line in lines[:3]] == [
        ["line", "3:", "updated"],
        ["line", "5:", "created"],
        ["line", "6:", "created"],
    ]
    assert lines[3] == "stored 3 (2 new, 1 updated), unchanged 1, failed 0"
    assert await stored() == {
        "CSV fair recruitment": "REGIONAL",
        "CSV data sharing": None,
        "CSV return": "GLOBAL",
        "CSV smuggling": None,
    }

    # and once more: nothing to do
    code, lines, _ = await script()
    assert (code, lines) == (0, ["stored 0 (0 new, 0 updated), unchanged 4, failed 0"])

    # a refused token is one line and exit status 2
    code, _, err = await run(
        sys.executable,
        "examples/import_contributions.py",
        str(path),
        "--url",
        f"{server.url}/graphql",
        env={"ISCM_API_TOKEN": "iscm_wrong"},
    )
    assert code == 2
    assert len(err.strip().splitlines()) == 1


async def test_a_long_file_shows_its_progress(server, committed_session, tmp_path: Path):
    token = await committed_key(committed_session, "partner", [OWN_ISCM])
    path = tmp_path / "long.csv"
    rows = [f"bali-process,test-open-review,CSV progress {n},Row {n}.\n" for n in range(1, 6)]
    path.write_text("iscm,review_process,title,summary\n" + "".join(rows), encoding="utf-8")

    code, out, err = await run(
        sys.executable,
        "examples/import_contributions.py",
        str(path),
        "--url",
        f"{server.url}/graphql",
        "--batch-size",
        "2",
        env={"ISCM_API_TOKEN": token},
    )

    assert code == 0, err
    assert err.splitlines() == [
        "checked 2/5 rows",
        "checked 4/5 rows",
        "checked 5/5 rows",
        "imported 2/5 rows",
        "imported 4/5 rows",
        "imported 5/5 rows",
    ]
    assert out.splitlines()[-1] == "stored 5 (5 new, 0 updated), unchanged 0, failed 0"
