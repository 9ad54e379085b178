"""Value, year, footnote and code normalisation shared by the clients."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from connectors import SOURCES, Observation, StateRef, normalise_m49
from connectors.parsing import clean_footnotes, parse_value, parse_year


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("5.52", (5.52, "5.52")),
        ("<0.1", (None, "<0.1")),
        ("NaN", (None, "NaN")),
        ("-", (None, "-")),
        ("", (None, None)),
        (None, (None, None)),
        (0, (0.0, "0")),
        ("0", (0.0, "0")),
        (2940735, (2940735.0, "2940735")),
        (39625140237.7, (39625140237.7, "39625140237.7")),
        (True, (None, None)),
        ({"v": 1}, (None, None)),
    ],
)
def test_parse_value(raw: object, expected: tuple[float | None, str | None]) -> None:
    assert parse_value(raw) == expected


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_parse_value_round_trips_numeric_strings(number: float) -> None:
    value, raw = parse_value(repr(number))
    assert value == number
    assert raw == repr(number)


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_parse_value_never_returns_nan_or_infinity(number: float) -> None:
    assert parse_value(number)[0] is None
    assert parse_value(str(number))[0] is None


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        (2007.0, 2007),
        (2007, 2007),
        ("2007", 2007),
        ("2007.0", 2007),
        ("2020-2025", 2020),
        ("2023Q1", 2023),
        (None, None),
        ("soon", None),
    ],
)
def test_parse_year(raw: object, year: int | None) -> None:
    assert parse_year(raw) == year


@pytest.mark.parametrize(
    ("raw", "notes"),
    [([], ()), ([""], ()), (None, ()), (["a", " ", "b"], ("a", "b")), ("only", ("only",))],
)
def test_clean_footnotes(raw: object, notes: tuple[str, ...]) -> None:
    assert clean_footnotes(raw) == notes


def test_m49_codes_compare_without_leading_zeros() -> None:
    assert normalise_m49("036") == normalise_m49("36") == normalise_m49(36) == 36
    with pytest.raises(ValueError, match="M49"):
        normalise_m49("AUS")
    assert StateRef(iso3="aus", iso2="au", m49="036").m49 == 36  # type: ignore[arg-type]


def test_state_ref_rejects_bad_codes() -> None:
    with pytest.raises(ValueError, match="alpha-3"):
        StateRef(iso3="DE", iso2="DE", m49=276)


def test_observations_are_frozen_and_hashable() -> None:
    observation = Observation(
        source="SDG",
        code="SM_DTH_MIGR",
        name="Deaths",
        iso3="MEX",
        year=2023,
        value=487.0,
        raw_value="487",
        dimensions={"Reporting Type": "G"},
    )
    assert hash(observation) == hash(observation)
    with pytest.raises(AttributeError):
        observation.value = 1.0  # type: ignore[misc]


def test_source_credits() -> None:
    assert set(SOURCES) == {"SDG", "UNPD", "UNHCR", "WORLDBANK"}
    assert SOURCES["UNPD"].licence == "CC BY 3.0 IGO"
    assert SOURCES["UNPD"].citation == (
        "United Nations, DESA, Population Division (2024). World Population Prospects 2024"
    )
    assert "UNdata is cited as the reference" in SOURCES["SDG"].licence
    assert "custodian" in SOURCES["SDG"].citation
    assert SOURCES["WORLDBANK"].licence == "CC BY 4.0"
    assert SOURCES["UNHCR"].citation == "UNHCR Refugee Data Finder"
    assert SOURCES["UNHCR"].licence.startswith("Not verified")
