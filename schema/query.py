"""The root Query: one class of root fields per domain, merged."""

from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from schema.analysis import AnalysisQuery
from schema.audit import AuditQuery
from schema.calendar import CalendarQuery
from schema.catalogue import CatalogueQuery
from schema.documents import DocumentQuery
from schema.migof import MigofQuery
from schema.recommendations import RecommendationQuery
from schema.reference import ReferenceQuery
from schema.review import ReviewQuery

# Each domain contributes its own root-field class; order sets the SDL's field order.
Query = merge_types(
    "Query",
    (
        CatalogueQuery,
        RecommendationQuery,
        ReviewQuery,
        CalendarQuery,
        DocumentQuery,
        ReferenceQuery,
        MigofQuery,
        AnalysisQuery,
        AuditQuery,
    ),
)
get_object_definition(Query, strict=True).description = "Read access to the ISCM graph."
