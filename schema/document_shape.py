"""What a document's operations amount to once their fragments are spread: fields, depth, aliases.

Measured in one pass over the document with each fragment measured once, however many times it
is spread: forty fragments that each spread the next one twice select 2^40 fields, and cost
forty measurements to find out. The limits on these measures are checked before any validation
rule walks the document (schema/limits.py), so no rule ever sees an expansion above them.

Depth follows the convention of Strawberry's QueryDepthLimiter, which it replaces: root fields
are at depth 0, a field adds a level only when it has a selection set, and introspection fields
(`__schema`, `__type`) do not count, since the schema bounds what they return (their cost
still counts).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)

from db.lru import text_bytes

# What a parsed document keeps alive per token (the token, its node, its location), measured
# with tracemalloc on real and adversarial documents (360 to 500 bytes).
BYTES_PER_TOKEN = 500
# Counts saturate here: a fragment bomb's 2^4000 fields need not be computed exactly.
SATURATION = 2**62


@dataclass(frozen=True)
class Shape:
    """What a selection set amounts to with its fragments spread."""

    fields: int = 0
    depth: int = 0
    aliases: int = 0

    def __add__(self, other: "Shape") -> "Shape":
        return Shape(
            fields=min(self.fields + other.fields, SATURATION),
            depth=max(self.depth, other.depth),
            aliases=min(self.aliases + other.aliases, SATURATION),
        )


NOTHING = Shape()


def document_bytes(query: str, document: DocumentNode) -> int:
    """What a parsed document weighs: its text and its tokens (the parser keeps them all)."""
    tokens = 0
    token = document.loc.start_token if document.loc is not None else None
    while token is not None:
        tokens += 1
        token = token.next
    return text_bytes(query) + BYTES_PER_TOKEN * tokens


def _spreads(selection_set: SelectionSetNode) -> Iterator[str]:
    """Yield the names of the fragments spread anywhere in `selection_set`."""
    stack = [selection_set]
    while stack:
        for selection in stack.pop().selections:
            if isinstance(selection, FragmentSpreadNode):
                yield selection.name.value
            elif selection.selection_set is not None:  # type: ignore[attr-defined]
                stack.append(selection.selection_set)  # type: ignore[attr-defined]


class DocumentShape:
    """Measures of one document's fragments (each measured once) and operations."""

    def __init__(self, document: DocumentNode) -> None:
        self.fragments: dict[str, FragmentDefinitionNode] = {}
        self.operations: list[OperationDefinitionNode] = []
        for definition in document.definitions:
            if isinstance(definition, FragmentDefinitionNode):
                self.fragments.setdefault(definition.name.value, definition)
            elif isinstance(definition, OperationDefinitionNode):
                self.operations.append(definition)
        self._measured: dict[str, Shape] = {}
        self._measure_fragments()

    def _measure_fragments(self) -> None:
        """Measure every fragment after the fragments it spreads, without recursing across
        fragments (a chain of a thousand fragments must not exhaust the stack).

        A spread closing a cycle counts as nothing here; validation reports the cycle.
        """
        spreads = {
            name: [s for s in _spreads(fragment.selection_set) if s in self.fragments]
            for name, fragment in self.fragments.items()
        }
        for root in self.fragments:
            if root in self._measured:
                continue
            path = [(root, iter(spreads[root]))]
            on_path = {root}
            while path:
                name, pending = path[-1]
                for spread in pending:
                    if spread not in self._measured and spread not in on_path:
                        path.append((spread, iter(spreads[spread])))
                        on_path.add(spread)
                        break
                else:
                    path.pop()
                    on_path.discard(name)
                    self._measured[name] = self.selection_set(self.fragments[name].selection_set)

    def selection_set(self, selection_set: SelectionSetNode) -> Shape:
        """Return the shape of `selection_set`, its spread fragments taken as measured.

        Recursion follows the nesting of one definition, which the parser bounds.
        """
        shape = NOTHING
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                shape += self._field(selection)
            elif isinstance(selection, InlineFragmentNode):
                shape += self.selection_set(selection.selection_set)
            elif isinstance(selection, FragmentSpreadNode):
                shape += self._measured.get(selection.name.value, NOTHING)
        return shape

    def _field(self, field: FieldNode) -> Shape:
        own = Shape(fields=1, aliases=1 if field.alias is not None else 0)
        if field.selection_set is None:
            return own
        below = self.selection_set(field.selection_set)
        introspection = field.name.value.startswith("__")
        depth = 0 if introspection else below.depth + 1
        return Shape(
            fields=min(own.fields + below.fields, SATURATION),
            depth=depth,
            aliases=min(own.aliases + below.aliases, SATURATION),
        )

    def operation_shapes(self) -> Iterable[tuple[OperationDefinitionNode, Shape]]:
        """Yield each operation with its shape."""
        for operation in self.operations:
            yield operation, self.selection_set(operation.selection_set)
