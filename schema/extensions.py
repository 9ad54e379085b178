"""The schema's own extensions, in the order they run.

Extensions finish in reverse order: the record sees the errors as masked. The direct path
(schema/read_path/direct.py) does their work for the queries it answers, and stands aside
when the schema runs any other extension (OpenTelemetry's, when tracing is switched on).
"""

from strawberry.extensions import SchemaExtension

from schema.admission import OperationLimits
from schema.errors import MaskUnexpectedErrors
from schema.federation_tracing import GatewayTracing
from schema.field_warnings import FieldWarnings
from schema.observability import RecordOperation
from schema.response_size import ResponseCeiling

OWN_EXTENSIONS: tuple[type[SchemaExtension], ...] = (
    RecordOperation,
    MaskUnexpectedErrors,
    FieldWarnings,
    # Parses and validates each document once per text (byte-bounded caches).
    OperationLimits,
    ResponseCeiling,
    # Adds `extensions.ftv1` only when the gateway sends `apollo-federation-include-trace`.
    GatewayTracing,
)
