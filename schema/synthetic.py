"""The choice every analysis offers: real records only (the default), or synthetic ones too.

Synthetic records are the demo data of `iscm-graph seed --demo`; they never count unless the
caller asks. The analysis's rows carry the choice (`carried_as`), so that every count derived
below them reads it (db/queries/analysis.py).
"""

from typing import Annotated

import strawberry

from schema.read_path.declare import Argument

INCLUDE_SYNTHETIC_HELP = "Count generated example data (`iscm-graph seed --demo`) too; by default only real records count."
INCLUDE_SYNTHETIC = Argument(carried_as="include_synthetic")
INCLUDE_SYNTHETIC_ARGUMENT = (
    Annotated[bool, strawberry.argument(description=INCLUDE_SYNTHETIC_HELP)],
    False,
)
