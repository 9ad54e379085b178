"""Full-text matching on the persisted `search_vector` columns (English configuration)."""

from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Float, func

TEXT_SEARCH_CONFIG = "english"


def text_query(text: str | ColumnElement[str]) -> ColumnElement[Any]:
    """Parse what a user typed (quotes, `or`, `-word`) into a tsquery."""
    return func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, text)


def matches(vector: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    """Whether a search vector matches the user's text."""
    return vector.op("@@")(text_query(text))


def rank(vector: ColumnExpressionArgument[Any], query: ColumnElement[Any]) -> ColumnElement[float]:
    """How well a search vector matches a tsquery (weights A title, B body)."""
    return func.ts_rank(vector, query, type_=Float)
