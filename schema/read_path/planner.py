"""Plan an operation: its database fields become one read tree, hence one SQL statement.

The planner walks the operation as graphql-core collects it (fragments, inline fragments,
`@skip`/`@include`, aliases and repeated fields merged), looks up each field's declaration
(schema/read_path/declare.py) and builds the tree db/readsql compiles. What SQL cannot
answer is left in the JSON as a marker, `{"@": site}`: a field whose arguments were refused
(its error is placed, with GraphQL's null propagation, after the statement) and a field whose
data lives outside PostgreSQL (resolved after the statement, for all parents at once).

A plan depends on the document, the operation, who reads (the visibility class) and the shape
of the arguments (schema/read_path/arguments.py); argument values are bound parameters.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from graphql import (
    FieldNode,
    GraphQLField,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    get_named_type,
    get_nullable_type,
    is_enum_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues
from sqlalchemy import (
    ARRAY,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    Text,
    and_,
    bindparam,
    cast,
    literal_column,
    true,
)
from sqlalchemy.types import TypeEngine

from db.queries.visibility import Visibility
from db.readsql import json as sql_json
from db.readsql import tree
from db.readsql.compiler import PARAMETER_PREFIX
from resolvers.context import ApiConfig
from schema.read_path.arguments import Bound, PageArguments
from schema.read_path.declare import (
    Argument,
    Computed,
    External,
    Lookup,
    Paginated,
    Reference,
    Relation,
    SameRow,
    TableType,
    carrying,
    declaration_of,
    table_type_of,
)

MARKER = "@"


@dataclass(frozen=True)
class Step:
    """One step from the data's root to a value: a response key, or an item of a list."""

    key: str | None  # None: a list item
    nullable: bool


Path = tuple[Step, ...]
RowCondition = Callable[[Any, Any], ColumnElement[bool]]  # (parent, row)


@dataclass(frozen=True)
class Site:
    """A field the statement leaves for Python: refused, or read outside PostgreSQL."""

    index: int
    path: Path
    parent_type: GraphQLObjectType
    field: GraphQLField
    details: FieldDetailsList
    argument_site: int | None = None  # whose Bound holds the refusal
    reference: Reference | None = None
    argument: str = ""  # the argument a failed reference names, e.g. `filter.iscm`
    external: External | None = None
    lookup: str | None = None  # a lookup's own item errors (nodes, _entities)


def node_place(node: FieldNode) -> int:
    """Where a field node starts in its document's text (its id when it has no location)."""
    return node.loc.start if node.loc is not None else id(node)


@dataclass
class Request:
    """What planning and binding see of one request."""

    schema: GraphQLSchema
    fragments: dict[str, FragmentDetails]
    variables: VariableValues
    operation: OperationDefinitionNode
    config: ApiConfig
    bindings: dict[int, Bound]  # by argument site
    sites: dict[int, int]  # field node's place (plans.node_place) -> argument site


@dataclass(frozen=True)
class FieldAt:
    """One response key being planned: its field, where it is, and its arguments."""

    parent_type: GraphQLObjectType
    table: TableType | None
    definition: GraphQLField
    details: FieldDetailsList
    path: Path  # down to this field, its own step last
    bound: Bound | None
    argument_site: int | None

    @property
    def name(self) -> str:
        """The field's name."""
        return self.details[0].node.name.value

    def site_details(self) -> dict[str, Any]:
        """What a Site of this field records."""
        return {
            "path": self.path,
            "parent_type": self.parent_type,
            "field": self.definition,
            "details": self.details,
            "argument_site": self.argument_site,
        }


LookupHook = Callable[["Planner", FieldAt], tree.Json]
LOOKUPS: dict[str, LookupHook] = {}


def lookup_hook(name: str) -> Callable[[LookupHook], LookupHook]:
    """Register how a Lookup declaration is planned (schema/read_path/lookups.py)."""

    def register(hook: LookupHook) -> LookupHook:
        LOOKUPS[name] = hook
        return hook

    return register


@dataclass
class Planner:
    """Builds the read tree of one operation for one request shape."""

    request: Request
    reading: Visibility
    parameters: dict[str, tuple[int, str]] = field(default_factory=dict)
    sites: list[Site] = field(default_factory=list)
    _params: dict[tuple[int, str], Any] = field(default_factory=dict)

    # Parameters and sites

    def param(self, site: int, name: str, sql_type: Any = None) -> ColumnElement[Any]:
        """Return the bound parameter of one value of an argument site (one per statement)."""
        key = (site, name)
        if key not in self._params:
            parameter_name = f"{PARAMETER_PREFIX}{len(self._params)}"
            self._params[key] = bindparam(parameter_name, type_=sql_type)
            self.parameters[parameter_name] = key
        return self._params[key]

    def site(self, **details: Any) -> Site:
        """Record a site and return it."""
        made = Site(index=len(self.sites), **details)
        self.sites.append(made)
        return made

    def marker(self, site: Site, value: ColumnElement[Any] | None = None) -> ColumnElement[Any]:
        """The JSON left where a site's value goes: its index, and what Python needs."""
        pairs: list[tuple[str, ColumnElement[Any]]] = [(MARKER, literal_column(str(site.index)))]
        if value is not None:
            pairs.append(("v", value))
        return sql_json.json_object(pairs)

    # Walking the operation

    def root(
        self, root_type: GraphQLObjectType, planned: dict[str, FieldDetailsList]
    ) -> tree.Object:
        """The tree of the operation's database root fields."""
        return tree.Object(
            tuple(
                (key, self.field(root_type, None, key, details, ()))
                for key, details in planned.items()
            )
        )

    def object(
        self, object_type: GraphQLObjectType, details: FieldDetailsList, path: Path
    ) -> tree.Object:
        """The JSON object of `object_type`'s fields selected by `details`, over its row."""
        grouped = self.subfields(object_type, details)
        table = table_type_of(origin_of(object_type))
        return tree.Object(
            tuple(
                (key, self.field(object_type, table, key, group, path))
                for key, group in grouped.items()
            )
        )

    def field(
        self,
        parent_type: GraphQLObjectType,
        table: TableType | None,
        key: str,
        details: FieldDetailsList,
        path: Path,
    ) -> tree.Json:
        """The JSON of one response key."""
        node = details[0].node
        if node.name.value == "__typename":
            return tree.Literal(parent_type.name)
        definition = parent_type.fields[node.name.value]
        argument_site = self.request.sites.get(node_place(node))
        at = FieldAt(
            parent_type,
            table,
            definition,
            details,
            (*path, Step(key, not is_non_null_type(definition.type))),
            self.request.bindings.get(argument_site) if argument_site is not None else None,
            argument_site,
        )
        if at.bound is not None and at.bound.error is not None:
            refused = self.site(**at.site_details())
            return tree.Value(lambda _: self.marker(refused))
        declaration = declaration_of(strawberry_metadata(definition))
        if declaration is None:
            if at.name == "_entities":
                return LOOKUPS["_entities"](self, at)
            return self.scalar(at)
        return PLANS_BY_DECLARATION[type(declaration)](self, declaration, at)

    def lookup(self, declaration: Lookup, at: FieldAt) -> tree.Json:
        """A field a planner hook answers (schema/read_path/lookups.py)."""
        return LOOKUPS[declaration.name](self, at)

    def computed(self, declaration: Computed, at: FieldAt) -> tree.Json:
        """A scalar computed from the row."""
        expression, reading = declaration.expression, self.reading
        named = get_named_type(at.definition.type)
        return tree.Value(lambda row: as_json(expression(row, reading), named))

    def same_row(self, _: SameRow, at: FieldAt) -> tree.Json:
        """An object read from the parent's own row."""
        named = get_named_type(at.definition.type)
        assert isinstance(named, GraphQLObjectType)
        return self.object(named, at.details, at.path)

    def scalar(self, at: FieldAt) -> tree.Json:
        """A plain scalar field: its same-named column (the global ID for `id` of a Node)."""
        definition, table, name, parent_type = at.definition, at.table, at.name, at.parent_type
        named = get_named_type(definition.type)
        if not is_leaf_type(named):
            raise TypeError(f"{parent_type.name}.{name} reads rows but declares none")
        if name == "id" and table is not None and table.key is not None and named.name == "ID":
            key_column = table.key
            type_name = parent_type.name
            return tree.Value(lambda row: sql_json.global_id(type_name, row.c[key_column]))
        column = python_name(definition) or name
        return tree.Value(lambda row: as_json(row.c[column], named))

    def conditions(
        self,
        declared: dict[str, Argument],
        values: dict[str, Any],
        argument_site: int,
        types: dict[str, Any],
        prefix: str = "",
    ) -> tuple[list[RowCondition], list[tuple[str, Reference, ColumnElement[Any]]]]:
        """The conditions of the arguments given, and the names they look up.

        `types` holds the arguments' GraphQL types, which give their parameters' SQL types.
        """
        reading = self.reading
        conditions: list[RowCondition] = []
        references = []
        for name in values:
            spec = declared.get(name)
            if spec is None:
                continue
            sql_type = spec.sql_type or sql_type_of(types[name])
            parameter = self.param(argument_site, f"{prefix}{name}", sql_type)
            compared = parameter
            if spec.reference is not None:
                references.append((f"{prefix}{name}", spec.reference, parameter))
                if spec.reference.lookup is not None:
                    compared = spec.reference.lookup(parameter)
            if spec.condition is not None:
                conditions.append(applied(spec.condition, compared, reading))
        for name, spec in declared.items():
            if spec.absent is not None and name not in values:
                conditions.append(defaulted(spec.absent, reading))
        return conditions, references

    def guarded(
        self,
        value: tree.Json,
        references: list[tuple[str, Reference, ColumnElement[Any]]],
        at: FieldAt,
    ) -> tree.Json:
        """`value`, unless a name its arguments look up is unknown: then that error's marker."""
        if not references:
            return value
        guards = []
        for argument, reference, parameter in references:
            failed = self.site(
                **{**at.site_details(), "argument_site": None},
                reference=reference,
                argument=argument,
            )
            guards.append((reference.missing(parameter), partial(self.marker, failed)))
        return tree.Guarded(value, tuple(guards))

    def rows(
        self,
        target: TableType,
        where: Callable[[tree.Row | None, tree.Row, Visibility], ColumnElement[bool]] | None,
        conditions: list[RowCondition],
        filters: Mapping[str, Argument] | None = None,
        given: Iterable[str] = (),
    ) -> tree.Related:
        """The target's rows related to the parent, narrowed by the arguments' conditions;
        a given filter flag may choose which of them the reader sees (Argument)."""
        source = target.source
        for name in given:
            spec = (filters or {}).get(name)
            if spec is not None and spec.instead_of_visible is not None:
                source = replace(source, visible=spec.instead_of_visible)
        reading = self.reading

        def related(parent: tree.Row | None, row: tree.Row) -> ColumnElement[bool]:
            parts = [where(parent, row, reading)] if where is not None else []
            return and_(true(), *parts, *(condition(parent, row) for condition in conditions))

        return tree.Related(source, related)

    def relation(self, declaration: Relation, at: FieldAt) -> tree.Json:
        """Related rows of the field's type: one (an object field) or a list."""
        definition, details, path = at.definition, at.details, at.path
        bound, argument_site = at.bound, at.argument_site
        named = get_named_type(definition.type)
        assert isinstance(named, GraphQLObjectType), f"{named} is not an object type"
        target = declaration.rows or table_type_of(origin_of(named))
        assert target is not None, f"{named.name} declares no rows"
        conditions: list[RowCondition] = []
        references: list[tuple[str, Reference, ColumnElement[Any]]] = []
        if bound is not None and argument_site is not None:
            given = {
                name: bound.values[name] for name in declaration.arguments if name in bound.values
            }
            conditions, references = self.conditions(
                dict(declaration.arguments), given, argument_site, argument_types(definition)
            )
            filtered = {
                name[len("filter.") :]: value
                for name, value in bound.values.items()
                if name.startswith("filter.")
            }
            more, more_references = self.conditions(
                bound.filters, filtered, argument_site, filter_types(definition), "filter."
            )
            conditions += more
            references += more_references
        given_filters = bound.filters if bound is not None else {}
        given_names = [
            name[len("filter.") :]
            for name in (bound.values if bound is not None else {})
            if name.startswith("filter.")
        ]
        related = self.rows(target, declaration.where, conditions, given_filters, given_names)
        if bound is not None and argument_site is not None:
            carried = {
                spec.carried_as: self.param(
                    argument_site,
                    name,
                    spec.sql_type or sql_type_of(argument_types(definition)[name]),
                )
                for name, spec in declaration.arguments.items()
                if spec.carried_as is not None and name in bound.values
            }
            if carried:
                related = replace(related, source=carrying(related.source, carried))
        nullable = get_nullable_type(definition.type)
        if is_list_type(nullable):
            item = Step(None, not is_non_null_type(nullable.of_type))
            value = self.object(named, details, (*path, item))
            order = declaration.order or (lambda _: ())
            limit = None
            if declaration.limit is not None:
                assert argument_site is not None
                limit = self.param(argument_site, "limit", Integer())
            result: tree.Json = tree.Many(related, value, order, limit)
        else:
            result = tree.One(related, self.object(named, details, path))
        return self.guarded(result, references, at)

    def connection(self, declaration: Paginated, at: FieldAt) -> tree.Json:
        """A Relay connection: totalCount, pageInfo and edges, with its filter and window."""
        definition, details, path = at.definition, at.details, at.path
        bound, argument_site = at.bound, at.argument_site
        assert bound is not None
        assert argument_site is not None
        page = bound.page
        assert page is not None
        connection_type = get_named_type(definition.type)
        assert isinstance(connection_type, GraphQLObjectType)
        edge_type = get_named_type(connection_type.fields["edges"].type)
        node_type = get_named_type(edge_type.fields["node"].type)
        page_info_type = get_named_type(connection_type.fields["pageInfo"].type)
        target = declaration.rows or table_type_of(origin_of(node_type))
        assert target is not None, f"{node_type.name} declares no rows"
        conditions, references = self.conditions(
            bound.filters, page.filter, argument_site, filter_types(definition), "filter."
        )
        parts: list[tuple[str, tree.Json]] = []
        needs_rows = False
        for key, group in self.subfields(connection_type, details).items():
            name = group[0].node.name.value
            if name == "__typename":
                parts.append((key, tree.Literal(connection_type.name)))
            elif name == "totalCount":
                parts.append((key, tree.TotalCount()))
            elif name == "pageInfo":
                needs_rows = True
                info = tuple(
                    (
                        info_key,
                        tree.Literal(page_info_type.name)
                        if info_group[0].node.name.value == "__typename"
                        else info_group[0].node.name.value,
                    )
                    for info_key, info_group in self.subfields(page_info_type, group).items()
                )
                parts.append((key, tree.PageInfo(info)))
            elif name == "edges":
                needs_rows = True
                edges_path = (*path, Step(key, False), Step(None, False))
                values: list[tuple[str, tree.Json]] = []
                for edge_key, edge_group in self.subfields(edge_type, group).items():
                    edge_name = edge_group[0].node.name.value
                    if edge_name == "__typename":
                        values.append((edge_key, tree.Literal(edge_type.name)))
                    elif edge_name == "cursor":
                        values.append((edge_key, tree.Cursor()))
                    else:
                        node_path = (*edges_path, Step(edge_key, False))
                        values.append((edge_key, self.object(node_type, edge_group, node_path)))
                parts.append((key, tree.Edges(tuple(values))))
            else:
                raise TypeError(f"{connection_type.name}.{name} is not a connection field")
        window = self.window(page, argument_site) if needs_rows else None
        related = self.rows(target, declaration.where, conditions, bound.filters, page.filter)
        result = tree.Page(related, page.sort, tuple(parts), window)
        return self.guarded(result, references, at)

    def window(self, page: PageArguments, argument_site: int) -> tree.Window:
        """The bound window of a page: its size and the keys of its cursors."""
        key_types = [column.type for column in page.sort.columns]

        def keys(name: str, given: tuple[Any, ...] | None) -> tuple[ColumnElement[Any], ...] | None:
            if given is None:
                return None
            return tuple(
                # A date key is bound as text and cast in SQL: asyncpg would send date.min,
                # the key of undated rows (db/queries/recommendations.py), as -infinity.
                cast(self.param(argument_site, f"{name}{index}", Text()), Date)
                if isinstance(key_types[index], Date)
                else self.param(argument_site, f"{name}{index}", key_types[index])
                for index in range(len(given))
            )

        return tree.Window(
            size=self.param(argument_site, "size", Integer()),
            backward=page.backward,
            after=keys("after", page.after),
            before=keys("before", page.before),
            batched=page.batched,
        )

    def subfields(
        self, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> dict[str, FieldDetailsList]:
        """The fields selected on `object_type` by `details`, grouped by response key."""
        request = self.request
        return collect_subfields(
            request.schema,
            request.fragments,
            request.variables,
            request.operation,
            object_type,
            details,
        ).grouped_field_set

    def external(self, declaration: External, at: FieldAt) -> tree.Json:
        """A field resolved outside PostgreSQL: the statement reads what it needs of the row."""
        definition, bound, argument_site = at.definition, at.bound, at.argument_site
        site = self.site(**at.site_details(), external=declaration)
        parent, reading = declaration.parent, self.reading
        value: tree.Json = tree.Value(lambda row: self.marker(site, parent(row, reading)))
        references: list[tuple[str, Reference, ColumnElement[Any]]] = []
        if bound is not None and argument_site is not None and declaration.arguments:
            _, references = self.conditions(
                dict(declaration.arguments),
                bound.values,
                argument_site,
                argument_types(definition),
            )
        return self.guarded(value, references, at)


SCALAR_TYPES: dict[str, Callable[[], TypeEngine[Any]]] = {
    "String": Text,
    "ID": Text,
    "Int": Integer,
    "Float": Float,
    "Boolean": Boolean,
    "Date": Date,
    "DateTime": lambda: DateTime(timezone=True),
}


def sql_type_of(graphql_type: Any) -> Any:
    """The SQL type of a bound argument of `graphql_type` (enums are their codes, text)."""
    nullable = get_nullable_type(graphql_type)
    if is_list_type(nullable):
        return ARRAY(sql_type_of(nullable.of_type))
    if is_enum_type(nullable):
        return Text()
    return SCALAR_TYPES[nullable.name]()


def argument_types(definition: GraphQLField) -> dict[str, Any]:
    """A field's arguments' GraphQL types, by name."""
    return {name: argument.type for name, argument in definition.args.items()}


def filter_types(definition: GraphQLField) -> dict[str, Any]:
    """The GraphQL types of the fields of a field's `filter` input, by name."""
    filter_argument = definition.args.get("filter")
    if filter_argument is None:
        return {}
    input_type = get_named_type(filter_argument.type)
    return {name: field.type for name, field in input_type.fields.items()}  # type: ignore[attr-defined]


# How each kind of declaration is planned.
PLANS_BY_DECLARATION: dict[type, Callable[[Planner, Any, FieldAt], tree.Json]] = {
    Lookup: Planner.lookup,
    Computed: Planner.computed,
    SameRow: Planner.same_row,
    Relation: Planner.relation,
    Paginated: Planner.connection,
    External: Planner.external,
}


def applied(
    condition: Callable[[Any, Any, Any, Visibility], ColumnElement[bool]],
    value: ColumnElement[Any],
    reading: Visibility,
) -> RowCondition:
    """An argument's condition with its bound value, as a condition on (parent, row)."""
    return lambda parent, row: condition(parent, row, value, reading)


def defaulted(
    condition: Callable[[Any, Any, Visibility], ColumnElement[bool]], reading: Visibility
) -> RowCondition:
    """An argument's condition when it is not given, as a condition on (parent, row)."""
    return lambda parent, row: condition(parent, row, reading)


def strawberry_metadata(definition: Any) -> Any:
    """Return a GraphQL field's Strawberry metadata (declarations live there)."""
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    return getattr(strawberry_field, "metadata", None)


def python_name(definition: Any) -> str | None:
    """Return the Python name of a Strawberry field (its column name by default)."""
    strawberry_field = (definition.extensions or {}).get("strawberry-definition")
    return getattr(strawberry_field, "python_name", None)


def origin_of(graphql_type: Any) -> Any:
    """Return the Python class a Strawberry type was made from."""
    definition = (graphql_type.extensions or {}).get("strawberry-definition")
    return getattr(definition, "origin", None)


def as_json(value: ColumnElement[Any], named: Any) -> ColumnElement[Any]:
    """Write a column as its GraphQL scalar is written: DateTime as Python's isoformat."""
    if getattr(named, "name", None) == "DateTime":
        return sql_json.isoformat(value)
    if is_enum_type(named) and not names_are_values(named):
        raise TypeError(f"enum {named.name} has names that differ from its values")
    return value


def names_are_values(enum_type: Any) -> bool:
    """Whether an enum's GraphQL names equal the codes stored for them."""
    return all(
        name == getattr(value.value, "value", value.value)
        for name, value in enum_type.values.items()
    )


def is_planned(definition: GraphQLField) -> bool:
    """Whether a root field is read by the statement (declared, or federation's `_entities`)."""
    return declaration_of(strawberry_metadata(definition)) is not None
