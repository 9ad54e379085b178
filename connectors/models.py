"""Plain data the connectors take and return: States, observations and source credits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SourceKey = Literal["SDG", "UNPD", "UNHCR", "WORLDBANK"]


def normalise_m49(code: str | int) -> int:
    """Return an M49 code as an int, so '036', '36' and 36 compare equal."""
    if isinstance(code, bool):
        raise ValueError(f"not an M49 code: {code!r}")
    if isinstance(code, int):
        number = code
    else:
        text = code.strip()
        if not text.isdigit():
            raise ValueError(f"not an M49 code: {code!r}")
        number = int(text)
    if not 0 < number < 1000:
        raise ValueError(f"not an M49 code: {code!r}")
    return number


@dataclass(frozen=True, slots=True)
class StateRef:
    """A State as the caller knows it; the clients never guess codes beyond these."""

    iso3: str
    iso2: str
    m49: int

    def __post_init__(self) -> None:
        """Upper-case the ISO codes and normalise the M49 code."""
        object.__setattr__(self, "iso3", self.iso3.strip().upper())
        object.__setattr__(self, "iso2", self.iso2.strip().upper())
        object.__setattr__(self, "m49", normalise_m49(self.m49))
        if len(self.iso3) != 3 or not self.iso3.isalpha():
            raise ValueError(f"not an ISO 3166 alpha-3 code: {self.iso3!r}")
        if len(self.iso2) != 2 or not self.iso2.isalpha():
            raise ValueError(f"not an ISO 3166 alpha-2 code: {self.iso2!r}")


@dataclass(frozen=True, slots=True)
class Observation:
    """One value for one State, year and series, normalised across the sources."""

    source: SourceKey
    code: str
    name: str
    iso3: str
    year: int
    value: float | None
    raw_value: str | None
    unit: str | None = None
    # Excluded from the hash so observations stay hashable despite the dict.
    dimensions: dict[str, str] = field(default_factory=dict, hash=False)
    footnotes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SourceInfo:
    """How to name, licence and cite one source."""

    key: SourceKey
    name: str
    licence: str
    citation: str
    url: str


SDG_INFO = SourceInfo(
    key="SDG",
    name="UN SDG Global Database (UN Statistics Division)",
    licence=(
        "UNdata terms of use: the data may be copied freely, duplicated and further "
        "distributed provided that UNdata is cited as the reference"
    ),
    citation=(
        "United Nations Statistics Division, Global SDG Indicators Database (UNdata), "
        "with the custodian agency of each series (IOM, UNHCR, the World Bank, ILO or UN DESA)"
    ),
    url="https://unstats.un.org/sdgs/dataportal",
)

UNPD_INFO = SourceInfo(
    key="UNPD",
    name="UN Population Division Data Portal (World Population Prospects)",
    licence="CC BY 3.0 IGO",
    citation=("United Nations, DESA, Population Division (2024). World Population Prospects 2024"),
    url="https://population.un.org/dataportal/",
)

UNHCR_INFO = SourceInfo(
    key="UNHCR",
    name="UNHCR Refugee Population Statistics (Refugee Data Finder API)",
    licence=(
        "Not verified: no licence is published for the API (UNHCR's refugees R package and "
        "the Operational Data Portal are CC BY 4.0)"
    ),
    citation="UNHCR Refugee Data Finder",
    url="https://www.unhcr.org/refugee-statistics/",
)

WORLDBANK_INFO = SourceInfo(
    key="WORLDBANK",
    name="World Bank World Development Indicators API",
    licence="CC BY 4.0",
    citation="The World Bank, World Development Indicators (CC BY 4.0)",
    url="https://data.worldbank.org/",
)

SOURCES: dict[str, SourceInfo] = {
    info.key: info for info in (SDG_INFO, UNPD_INFO, UNHCR_INFO, WORLDBANK_INFO)
}

# Custodian agencies of the SDG migration series; UNdata terms ask to cite them too.
SDG_CUSTODIANS: dict[str, str] = {
    "SL_LBR_NTLCPL": "ILO",
    "SG_CPA_MIGRS": "UN DESA and IOM",
    "SG_CPA_MIGRP": "UN DESA and IOM",
    "SM_DTH_MIGR": "IOM",
    "SM_POP_REFG_OR": "UNHCR",
    "SI_RMT_COST": "World Bank",
    "SI_RMT_COST_BC": "World Bank",
    "SI_RMT_COST_SC": "World Bank",
    "SI_RMT_COST_SND": "World Bank",
    "BX_TRF_PWKR": "World Bank",
}
