"""The root Query: one class of root fields per domain, merged."""

from strawberry.tools import merge_types

from schema.catalogue_query import CatalogueQuery

# Each domain contributes its own root-field class; order sets the SDL's field order.
Query = merge_types("Query", (CatalogueQuery,))
Query.__strawberry_definition__.description = "Read access to the ISCM graph."
