"""Read arguments checked and resolved: each bad value is a BAD_USER_INPUT naming its argument.

Names (slugs, codes) are resolved through the request's DataLoaders, so checking a filter
costs at most one batched lookup per kind of name.
"""

from datetime import date

from resolvers.context import Context
from resolvers.errors import ApiError, ErrorCode

OBJECTIVE_NUMBERS = range(1, 24)
# Years any filter or series may name: every year column holds a year in this span.
YEARS = range(1900, 2101)
SEARCH_MAX_LENGTH = 500


def bad_input(argument: str, message: str) -> ApiError:
    """Return the error for a bad read argument."""
    return ApiError(ErrorCode.BAD_USER_INPUT, message, argument=argument)


def objective_number(number: int | None, argument: str) -> int | None:
    """Return a GCM objective number, checked to be 1 to 23."""
    if number is not None and number not in OBJECTIVE_NUMBERS:
        raise bad_input(argument, f"`{argument}` must be a GCM objective number from 1 to 23")
    return number


def year(value: int | None, argument: str) -> int | None:
    """Return a year, checked to be within YEARS."""
    if value is not None and value not in YEARS:
        raise bad_input(argument, f"`{argument}` must be a year from {YEARS[0]} to {YEARS[-1]}")
    return value


def date_span(start: date | None, end: date | None, start_argument: str, end_argument: str) -> None:
    """Refuse a span that ends before it starts."""
    if start is not None and end is not None and start > end:
        raise bad_input(
            start_argument, f"`{start_argument}` ({start}) is after `{end_argument}` ({end})"
        )


def list_size(context: Context, first: int | None, default: int) -> int:
    """Return how many items a `first`-sized list should hold: 0 up to the maximum page size."""
    size = default if first is None else first
    maximum = context.config.max_page_size
    if not 0 <= size <= maximum:
        raise bad_input("first", f"`first` must be between 0 and {maximum}")
    return size


def search_text(text: str | None, argument: str) -> str | None:
    """Return search text with surrounding space trimmed; blank or overlong text is refused."""
    if text is None:
        return None
    trimmed = text.strip()
    if not trimmed:
        raise bad_input(argument, f"`{argument}` must contain at least one word")
    if len(trimmed) > SEARCH_MAX_LENGTH:
        raise bad_input(argument, f"`{argument}` is longer than {SEARCH_MAX_LENGTH} characters")
    return trimmed


async def state_code(context: Context, iso3: str | None, argument: str) -> str | None:
    """Return the ISO 3166-1 alpha-3 code of a known State (any case accepted)."""
    if iso3 is None:
        return None
    code = iso3.strip().upper()
    if len(code) != 3 or not code.isascii() or not code.isalpha():
        raise bad_input(argument, f"`{argument}` must be an ISO 3166-1 alpha-3 code such as PHL")
    if await context.loaders.state_by_iso3.load(code) is None:
        raise bad_input(argument, f"`{argument}`: no State has the code {code}")
    return code


async def iscm_id(context: Context, slug: str | None, argument: str) -> int | None:
    """Return the id of the ISCM with this slug."""
    if slug is None:
        return None
    row = await context.loaders.iscm_by_slug.load(slug)
    if row is None:
        raise bad_input(argument, f"`{argument}`: no ISCM has the slug {slug!r}")
    return row.id


async def iscm_ids(
    context: Context, slugs: list[str] | None, argument: str
) -> frozenset[int] | None:
    """Return the ids of the ISCMs with these slugs, looked up in one batch."""
    if slugs is None:
        return None
    rows = await context.loaders.iscm_by_slug.load_many(slugs)
    unknown = [slug for slug, row in zip(slugs, rows, strict=True) if row is None]
    if unknown:
        raise bad_input(argument, f"`{argument}`: no ISCM has the slug {unknown[0]!r}")
    return frozenset(row.id for row in rows if row is not None)


async def review_process_id(context: Context, slug: str | None, argument: str) -> int | None:
    """Return the id of the review process with this slug."""
    if slug is None:
        return None
    row = await context.graph_loaders.review_process_by_slug.load(slug)
    if row is None:
        raise bad_input(argument, f"`{argument}`: no review process has the slug {slug!r}")
    return row.id


async def thematic_area(context: Context, slug: str | None, argument: str) -> str | None:
    """Return the slug of a known thematic area."""
    if slug is None:
        return None
    if await context.graph_loaders.thematic_area_by_slug.load(slug) is None:
        raise bad_input(argument, f"`{argument}`: no thematic area has the slug {slug!r}")
    return slug


async def sdg_code(context: Context, code: str | None, argument: str) -> str | None:
    """Return the code of a known SDG target or indicator."""
    if code is None:
        return None
    if await context.graph_loaders.sdg_target_by_code.load(code.strip()) is None:
        raise bad_input(argument, f"`{argument}`: no SDG target or indicator has the code {code!r}")
    return code.strip()


async def region_name(context: Context, name: str | None, argument: str) -> str | None:
    """Return the name of an M49 region, sub-region or intermediate region States sit in."""
    if name is None:
        return None
    if await context.graph_loaders.region_by_name.load(name) is None:
        raise bad_input(
            argument,
            f"`{argument}`: {name!r} is not an M49 region, sub-region or intermediate region name",
        )
    return name
