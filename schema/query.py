"""The root Query: one class of root fields per domain, merged."""

from strawberry.tools import merge_types

from schema.analysis_query import AnalysisQuery
from schema.audit import AuditQuery
from schema.calendar_query import CalendarQuery
from schema.catalogue_query import CatalogueQuery
from schema.reference_query import ReferenceQuery
from schema.review_query import ReviewQuery

# Each domain contributes its own root-field class; order sets the SDL's field order.
Query = merge_types(
    "Query",
    (CatalogueQuery, ReviewQuery, CalendarQuery, ReferenceQuery, AnalysisQuery, AuditQuery),
)
Query.__strawberry_definition__.description = "Read access to the ISCM graph."
