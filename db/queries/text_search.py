"""Full-text matching on the persisted `search_vector` columns (English configuration)."""

from typing import Any

from sqlalchemy import ColumnElement, ColumnExpressionArgument, Float, func, literal_column, select

TEXT_SEARCH_CONFIG = "english"


def text_query(text: str | ColumnElement[str]) -> ColumnElement[Any]:
    """Parse what a user typed (quotes, `or`, `-word`) into a tsquery, once per statement.

    As a subquery of its own PostgreSQL parses the text once, before reading any row (an
    InitPlan), where the call itself, its text a parameter, is made again for each row a
    condition or a rank looks at; the indexes take the parsed query all the same.
    """
    config: ColumnElement[Any] = literal_column(f"'{TEXT_SEARCH_CONFIG}'::regconfig")
    return select(func.websearch_to_tsquery(config, text)).scalar_subquery()


def matches(vector: ColumnElement[Any], text: str) -> ColumnElement[bool]:
    """Whether a search vector matches the user's text."""
    return vector.op("@@")(text_query(text))


def rank(vector: ColumnExpressionArgument[Any], query: ColumnElement[Any]) -> ColumnElement[float]:
    """How well a search vector matches a tsquery (weights A title, B body)."""
    return func.ts_rank(vector, query, type_=Float)
