"""Input validation for writes: normalise text, check every field, collect every problem at once."""

import re
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from db.queries import reference_lookups
from resolvers.user_errors import Path, Problem, UserError

TITLE_MAX = 500
TEXT_MAX = 20_000
NOTE_MAX = 2_000
URL_MAX = 2_000
KEY_MAX = 200
SLUG_MAX = 120
OBJECTIVES = range(1, 24)
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
MAX_OBJECTIVE_ERRORS = 5
# Spellings of vocabulary terms partners write besides the code and the name (any case, any
# punctuation, singular or plural are accepted anyway).
COMMON_SPELLINGS = {
    "FORUM_FOR_DIALOGUE": ("forum for dialog", "dialogue forum"),
    "GOVERNMENT_NETWORK": ("network of governments",),
    "COMMON_REGIONAL_POSITION": ("common regional position", "common position"),
}
VOCABULARY_NOUNS = {
    "level": "governance level",
    "phase": "policy-cycle phase",
    "outcome_type": "outcome type",
}


def camel(name: str) -> str:
    """Return the GraphQL (camelCase) spelling of a snake_case field name."""
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)


def unstorable(value: str) -> str | None:
    """Say why PostgreSQL could not store `value` as text, or None when it can."""
    if "\x00" in value:
        return "must not contain NUL characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return "must be valid Unicode (it holds an unpaired surrogate)"
    return None


def spelling(text: str) -> str:
    """The letters and digits of a vocabulary term as written, lower case, `&` read as "and",
    without a trailing "level" or "phase" and a plural "s": "Regional level" and "REGIONAL",
    "Pilot project" and "PILOT_PROJECTS" spell the same."""
    letters = re.sub(r"[^0-9a-z]", "", text.casefold().replace("&", "and"))
    letters = re.sub(r"(level|phase)$", "", letters) or letters
    return letters.removesuffix("s")


def normalise(value: str) -> str:
    """Trim surrounding whitespace and compose to Unicode NFC; nothing else is changed."""
    return unicodedata.normalize("NFC", value.strip())


class Checker:
    """Validates the fields of one input, recording problems under `root` (e.g. ("input",))."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.errors: list[UserError] = []

    @property
    def ok(self) -> bool:
        """Whether no problem was found."""
        return not self.errors

    def add(self, code: Problem, name: str | Path, message: str) -> None:
        """Record a problem with field `name` (a snake_case name, or a path below the root)."""
        path = (camel(name),) if isinstance(name, str) else name
        self.errors.append(UserError(code, self.root + path, message))

    def text(self, name: str, value: Any, *, required: bool, max_length: int) -> str | None:
        """Return the normalised text, None when absent; blank counts as absent."""
        if value is None:
            if required:
                self.add(Problem.REQUIRED, name, f"`{camel(name)}` is required")
            return None
        if not isinstance(value, str):
            self.add(Problem.INVALID, name, f"`{camel(name)}` must be text")
            return None
        reason = unstorable(value)
        if reason is not None:
            self.add(Problem.INVALID, name, f"`{camel(name)}` {reason}")
            return None
        text = normalise(value)
        if not text:
            if required:
                self.add(Problem.REQUIRED, name, f"`{camel(name)}` must not be blank")
            return None
        if len(text) > max_length:
            self.add(
                Problem.TOO_LONG,
                name,
                f"`{camel(name)}` has {len(text)} characters; at most {max_length} are allowed",
            )
            return None
        return text

    def url(self, name: str, value: Any, *, required: bool) -> str | None:
        """Return a normalised absolute http(s) URL, or None."""
        text = self.text(name, value, required=required, max_length=URL_MAX)
        if text is None:
            return None
        parts = urlsplit(text)
        if (
            parts.scheme not in ("http", "https")
            or not parts.netloc
            or any(c.isspace() for c in text)
        ):
            self.add(Problem.INVALID, name, f"`{camel(name)}` must be an absolute http(s) URL")
            return None
        return text

    def slug(
        self, name: str, value: Any, *, required: bool, max_length: int, example: str
    ) -> str | None:
        """Return a slug (lower-case words of letters and digits joined by hyphens), or None."""
        slug = self.text(name, value, required=required, max_length=max_length)
        if slug is not None and not SLUG_PATTERN.match(slug):
            self.add(
                Problem.INVALID,
                name,
                f"`{camel(name)}` must be lower-case letters and digits in words joined by"
                f" hyphens, e.g. `{example}`",
            )
            return None
        return slug

    def objectives(self, name: str, value: Any) -> list[int]:
        """Return the distinct GCM objective numbers, sorted; each must be 1 to 23."""
        numbers = list(value or [])
        bad = [(i, n) for i, n in enumerate(numbers) if n not in OBJECTIVES]
        for index, number in bad[:MAX_OBJECTIVE_ERRORS]:
            self.add(
                Problem.OUT_OF_RANGE,
                (camel(name), str(index)),
                f"GCM objective {number} does not exist; objectives are numbered 1 to 23",
            )
        if len(bad) > MAX_OBJECTIVE_ERRORS:
            self.add(
                Problem.OUT_OF_RANGE,
                name,
                f"{len(bad)} numbers are outside 1 to 23 (the first {MAX_OBJECTIVE_ERRORS} are listed)",
            )
        return sorted({n for n in numbers if n in OBJECTIVES})

    def year(self, name: str, value: Any) -> int | None:
        """Return a plausible year (1945 to 2100), or None."""
        if value is None:
            return None
        if not 1945 <= value <= 2100:
            self.add(
                Problem.OUT_OF_RANGE, name, f"`{camel(name)}` must be a year from 1945 to 2100"
            )
            return None
        return value

    def date_in(
        self, name: str, value: date | None, *, earliest: date, latest: date
    ) -> date | None:
        """Return a date within [earliest, latest], or None."""
        if value is None:
            return None
        if not earliest <= value <= latest:
            self.add(
                Problem.OUT_OF_RANGE,
                name,
                f"`{camel(name)}` must be between {earliest.isoformat()} and {latest.isoformat()}",
            )
            return None
        return value


def cited(checker: Checker, source: str) -> str | None:
    """Return the source URL a change cites (the mutation's `source` argument, whatever the
    checker's root), recording a problem on `checker` when it cites none."""
    reader = Checker(())
    url = reader.url("source", source, required=True)
    checker.errors.extend(reader.errors)
    return url


class Lookups:
    """Reference lookups for one write, cached so a bulk import asks each question once."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self._iscms: dict[str, Row[Any] | None] = {}
        self._processes: dict[str, Row[Any] | None] = {}
        self._codes: dict[tuple[str, str], bool] = {}
        self._spellings: dict[str, tuple[dict[str, str], list[str]]] = {}

    async def iscm(self, slug: str) -> Row[Any] | None:
        """Return (id, slug, version) of the ISCM `slug`, or None."""
        if slug not in self._iscms:
            self._iscms[slug] = await reference_lookups.iscm_by_slug(self.session, slug)
        return self._iscms[slug]

    async def review_process(self, slug: str) -> Row[Any] | None:
        """Return (id, slug, opens_on, closes_on) of the review process `slug`, or None."""
        if slug not in self._processes:
            self._processes[slug] = await reference_lookups.review_process_by_slug(
                self.session, slug
            )
        return self._processes[slug]

    async def check_codes(self, checker: Checker, values: dict[str, str | None]) -> None:
        """Record UNKNOWN_REFERENCE for each vocabulary code (level, phase, outcome_type) not known."""
        for vocabulary, code in values.items():
            if code is None:
                continue
            if (vocabulary, code) not in self._codes:
                known = await reference_lookups.known_codes(self.session, vocabulary, [code])
                self._codes[(vocabulary, code)] = code in known
            if not self._codes[(vocabulary, code)]:
                checker.add(
                    Problem.UNKNOWN_REFERENCE,
                    vocabulary,
                    f"`{camel(vocabulary)}` {code!r} is not a known code",
                )

    async def vocabulary_code(self, checker: Checker, vocabulary: str, text: str) -> str | None:
        """Return the code of `vocabulary` (level, phase or outcome_type) that `text` spells
        (its code or its name, in any case, or a common spelling), or record UNKNOWN_REFERENCE
        saying what was expected."""
        if vocabulary not in self._spellings:
            terms = await reference_lookups.vocabulary_terms(self.session, vocabulary)
            codes = [term.code for term in terms]
            spelled = {
                spelling(written): term.code
                for term in terms
                for written in (term.code, term.name, *COMMON_SPELLINGS.get(term.code, ()))
            }
            self._spellings[vocabulary] = (spelled, codes)
        spelled, codes = self._spellings[vocabulary]
        code = spelled.get(spelling(text))
        if code is None:
            checker.add(
                Problem.UNKNOWN_REFERENCE,
                vocabulary,
                f"`{camel(vocabulary)}` {text!r} is not a {VOCABULARY_NOUNS[vocabulary]}: expected "
                f"one of {', '.join(codes)} (the code or its name, in any case)",
            )
        return code


def first_errors(errors: Iterable[UserError], limit: int = 200) -> list[UserError]:
    """Cap how many problems one answer lists, so a huge bad input gives a bounded reply."""
    return list(errors)[:limit]
