"""JSON built by PostgreSQL exactly as the API writes it: objects in key order, ids, cursors, times.

Object keys are GraphQL names or aliases (letters, digits, underscores), so they are written into
the SQL text as string literals; every value from a client is a bound parameter.
"""

import re
from collections.abc import Sequence
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, func, literal_column, null
from sqlalchemy.dialects.postgresql import JSON

# json_build_object takes at most 100 arguments: 50 keys with their values.
MAX_KEYS_PER_CALL = 50
GRAPHQL_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]*")
# Object keys: GraphQL names, and "@", the read path's marker of work left to Python.
KEY = re.compile(r"@|[_A-Za-z][_0-9A-Za-z]*")
JSON_TYPE = JSON(none_as_null=True)
EMPTY_ARRAY = literal_column("'[]'::json", JSON_TYPE)


def text_literal(value: str) -> ColumnElement[str]:
    """Return a GraphQL name (a key, a type name, a sort name) as an SQL string literal.

    Only names are written this way: they can hold no quote, so the literal is exact.
    """
    if not GRAPHQL_NAME.fullmatch(value):
        raise ValueError(f"not a GraphQL name: {value!r}")
    return literal_column(f"'{value}'", Text)


def json_object(pairs: Sequence[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
    """Return a JSON object of `pairs`, keys in their order, whatever their number.

    Beyond 50 keys the object is written as 50-key objects whose texts are joined: `json`
    (not `jsonb`) keeps both the order and the repeated spelling of the keys.
    """
    if len(pairs) <= MAX_KEYS_PER_CALL:
        return _build_object(pairs)
    chunks = [
        _build_object(pairs[start : start + MAX_KEYS_PER_CALL])
        for start in range(0, len(pairs), MAX_KEYS_PER_CALL)
    ]
    # Each chunk's text without its braces, joined by commas, inside one pair of braces.
    texts = [cast(chunk, Text) for chunk in chunks]
    inner = [func.substr(text, 2, func.length(text) - 2) for text in texts]
    joined = func.concat_ws(literal_column("', '"), *inner)
    return cast(literal_column("'{'", Text) + joined + literal_column("'}'", Text), JSON_TYPE)


def _build_object(pairs: Sequence[tuple[str, ColumnElement[Any]]]) -> ColumnElement[Any]:
    return func.json_build_object(
        *chain.from_iterable((_key(key), value) for key, value in pairs), type_=JSON_TYPE
    )


def _key(key: str) -> ColumnElement[str]:
    if not KEY.fullmatch(key):
        raise ValueError(f"not an object key: {key!r}")
    return literal_column(f"'{key}'", Text)


def json_array_or_empty(aggregate: ColumnElement[Any]) -> ColumnElement[Any]:
    """Return a `json_agg(...)`, or an empty array where it aggregated no row."""
    return func.coalesce(aggregate, EMPTY_ARRAY, type_=JSON_TYPE)


def json_null() -> ColumnElement[Any]:
    """JSON null (an SQL NULL inside json_build_object)."""
    return null()


def base64(text: ColumnElement[str]) -> ColumnElement[str]:
    """Return the standard base64 of UTF-8 `text`, padded, without PostgreSQL's line breaks."""
    encoded = func.encode(
        func.convert_to(text, literal_column("'UTF8'")), literal_column("'base64'")
    )
    return func.translate(encoded, literal_column("E'\\n'"), literal_column("''"), type_=Text)


def global_id(type_name: str, key: ColumnElement[Any]) -> ColumnElement[str]:
    """Return a Relay global ID, `base64("Type:key")`, as Strawberry writes it."""
    return base64(literal_column(f"'{_name(type_name)}:'", Text) + cast(key, Text))


def isoformat(moment: ColumnElement[Any]) -> ColumnElement[str]:
    """Return Python's `isoformat()` of a UTC timestamp (as Strawberry's DateTime writes it).

    Seconds always, microseconds only when not zero, then `+00:00`; null stays null.
    """
    utc = func.timezone(literal_column("'UTC'"), moment)
    # One to_char, then the zero fraction dropped: half the cost of testing the fraction first.
    full = func.to_char(utc, literal_column("""'YYYY-MM-DD"T"HH24:MI:SS.US+00:00'"""), type_=Text)
    return func.replace(full, literal_column("'.000000+'"), literal_column("'+'"), type_=Text)


def cursor(sort_name: str, keys: Sequence[ColumnElement[Any]]) -> ColumnElement[str]:
    """Return the opaque cursor of a row: unpadded urlsafe base64 of `[1,"SORT",[k0,k1,...]]`.

    The bytes are those orjson writes for the same values (compact JSON, dates as ISO days).
    """
    payload: ColumnElement[str] = literal_column(f"""'[1,"{_name(sort_name)}",['""", Text)
    for position, key in enumerate(keys):
        if position:
            payload = payload + literal_column("','", Text)
        payload = payload + cast(func.to_json(key), Text)
    payload = payload + literal_column("']]'", Text)
    return func.rtrim(
        func.translate(base64(payload), literal_column("'+/'"), literal_column("'-_'")),
        literal_column("'='"),
        type_=Text,
    )


def _name(value: str) -> str:
    if not GRAPHQL_NAME.fullmatch(value):
        raise ValueError(f"not a sort name: {value!r}")
    return value
