"""Plans, made once per document, operation and shape, and reused across variable values.

What a plan depends on is found once per document (`DocumentFacts`): the fields whose
arguments shape the SQL and the `@skip`/`@include` conditions. Per request these are read
(cheaply) into the plan's key: the argument shapes, the conditions' values and the reader's
visibility class. The values themselves are bound to the cached statement.
"""

from collections.abc import Hashable, Iterable
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
    Token,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    visit,
)

from db.lru import ByteLRU, text_bytes
from schema.document_shape import BYTES_PER_TOKEN
from schema.limits import DEFAULT_CACHE_BYTES
from schema.read_path.argument_values import ArgumentsTemplate, VariablesTemplate
from schema.read_path.planner import Site, Step, node_place

CONDITION_DIRECTIVES = {GraphQLSkipDirective.name, GraphQLIncludeDirective.name}


@dataclass(frozen=True)
class DocumentFacts:
    """What per-request binding needs of a document: its fields with arguments (document
    order; `positions` maps a field node's place in the text to its index), its skip/include
    directives, and the templates their values and the operation's variables are read with
    (schema/read_path/argument_values.py). Keyed by place, not by node: the same text parsed
    again (its parse evicted from the parse cache) finds its fields as well."""

    fields: tuple[tuple[FieldNode, GraphQLField], ...]
    positions: dict[int, int]
    conditions: tuple[tuple[DirectiveNode, Any], ...]
    arguments: tuple[ArgumentsTemplate, ...]
    condition_arguments: tuple[ArgumentsTemplate, ...]
    variables: VariablesTemplate


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
        positions={node_place(node): index for index, (node, _) in enumerate(collector.fields)},
        conditions=tuple(collector.conditions),
        arguments=tuple(ArgumentsTemplate(field, node) for node, field in collector.fields),
        condition_arguments=tuple(
            ArgumentsTemplate(directive, node) for node, directive in collector.conditions
        ),
        variables=VariablesTemplate(schema, operation.variable_definitions or ()),
    )


def facts_of(
    schema: GraphQLSchema,
    operation: OperationDefinitionNode,
    fragments: Iterable[FragmentDefinitionNode],
) -> DocumentFacts:
    """The facts of `operation`'s document, from the cache or made now."""
    key = document_key(operation)
    facts = FACTS.get(key)
    if facts is None:
        facts = document_facts(schema, operation, list(fragments))
        FACTS.put(key, facts, kept_bytes(operation))
    return facts


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


# Plans and facts by document (text and operation name) and shape; byte-bounded (resized to
# ISCM_CACHE_MAX_BYTES by schema/admission.py), each entry weighing the document it keeps alive.
PLANS: ByteLRU[Hashable, "Plan"] = ByteLRU("plans", DEFAULT_CACHE_BYTES)
FACTS: ByteLRU[Hashable, DocumentFacts] = ByteLRU("document facts", DEFAULT_CACHE_BYTES)


def kept_bytes(operation: OperationDefinitionNode, sql: str = "") -> int:
    """What a cached entry made from `operation` keeps alive: the whole parsed document (its
    nodes point into it: text and every token), and the SQL text, if any."""
    location = operation.loc
    if location is None:
        return text_bytes(sql)
    tokens, first = 0, location.start_token
    while first.prev is not None:
        first = first.prev
    token: Token | None = first
    while token is not None:
        tokens += 1
        token = token.next
    return text_bytes(location.source.body) + BYTES_PER_TOKEN * tokens + text_bytes(sql)


def document_key(operation: OperationDefinitionNode) -> Hashable:
    """What identifies an operation's document: its text and the operation's name."""
    source = operation.loc.source.body if operation.loc is not None else id(operation)
    return source, operation.name.value if operation.name else None


PATH_ROOT: tuple[Step, ...] = ()
