"""Plans, made once per document, operation and shape, and reused across variable values.

What a plan depends on is found once per document (`DocumentFacts`): the fields whose
arguments shape the SQL and the `@skip`/`@include` conditions. Per request these are read
(cheaply) into the plan's key: the argument shapes, the conditions' values and the reader's
visibility class. The values themselves are bound to the cached statement.
"""

from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from graphql import (
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    GraphQLField,
    GraphQLIncludeDirective,
    GraphQLSchema,
    GraphQLSkipDirective,
    OperationDefinitionNode,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)

from schema.read_path.planner import Site, Step

PLAN_CACHE_SIZE = 512
CONDITION_DIRECTIVES = {GraphQLSkipDirective.name, GraphQLIncludeDirective.name}


@dataclass(frozen=True)
class DocumentFacts:
    """What per-request binding needs of a document: its fields with arguments (document
    order; `positions` maps a field node's id to its place) and its skip/include directives."""

    fields: tuple[tuple[FieldNode, GraphQLField], ...]
    positions: dict[int, int]
    conditions: tuple[tuple[DirectiveNode, Any], ...]


class _Collector(Visitor):
    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.fields: list[tuple[FieldNode, GraphQLField]] = []
        self.conditions: list[tuple[DirectiveNode, Any]] = []

    def enter_field(self, node: FieldNode, *_: Any) -> None:
        definition = self.type_info.get_field_def()
        if definition is not None and definition.args:
            self.fields.append((node, definition))

    def enter_directive(self, node: DirectiveNode, *_: Any) -> None:
        if node.name.value == GraphQLSkipDirective.name:
            self.conditions.append((node, GraphQLSkipDirective))
        elif node.name.value == GraphQLIncludeDirective.name:
            self.conditions.append((node, GraphQLIncludeDirective))


def document_facts(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: list[FragmentDefinitionNode],
) -> DocumentFacts:
    """Walk the operation and its fragments once, with their types."""
    type_info = TypeInfo(schema)
    collector = _Collector(type_info)
    for definition in (operation, *fragments):
        visit(definition, TypeInfoVisitor(type_info, collector))
    return DocumentFacts(
        fields=tuple(collector.fields),
        positions={id(node): index for index, (node, _) in enumerate(collector.fields)},
        conditions=tuple(collector.conditions),
    )


@dataclass(frozen=True)
class Parameter:
    """Where one positional parameter's value comes from: an argument site's value, the
    reader's ISCMs (site -1), or a constant of the statement."""

    site: int
    name: str
    constant: Any = None


VIEWER_SITE = -1


@dataclass(frozen=True)
class Plan:
    """One statement: its SQL, where each parameter comes from, and the sites to finish."""

    sql: str
    parameters: tuple[Parameter, ...]
    sites: tuple[Site, ...]


class LruCache:
    """A bounded cache, least recently used forgotten first (behind get/put, so that a
    byte-bounded cache can take its place)."""

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        """Return the entry of `key`, or None."""
        entry = self._entries.get(key)
        if entry is not None:
            self._entries.move_to_end(key)
        return entry

    def put(self, key: Hashable, entry: Any) -> None:
        """Keep `entry` under `key`, forgetting the least recently used beyond the maximum."""
        self._entries[key] = entry
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


PLANS = LruCache(PLAN_CACHE_SIZE)
FACTS = LruCache(PLAN_CACHE_SIZE)


def document_key(operation: OperationDefinitionNode) -> Hashable:
    """What identifies an operation's document: its text and the operation's name."""
    source = operation.loc.source.body if operation.loc is not None else id(operation)
    return source, operation.name.value if operation.name else None


PATH_ROOT: tuple[Step, ...] = ()
