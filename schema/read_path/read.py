"""Read one operation: bind its arguments, find or make its plan, run the one statement, finish.

`OperationReader` serves the executor (schema/read_path/executor.py) for every operation type:
a query's database fields are one statement; a mutation's payload and a subscription's event
are Python values whose database objects (RowRefs) are read, for all of them, in one statement.
"""

import asyncio
from collections.abc import Hashable
from dataclasses import replace
from typing import Any

import orjson
from graphql import (
    GraphQLError,
    GraphQLObjectType,
    GraphQLSchema,
    OperationDefinitionNode,
    is_non_null_type,
)
from graphql.execution.collect_fields import FieldDetailsList, FragmentDetails, collect_subfields
from graphql.execution.values import VariableValues
from sqlalchemy import ARRAY, Integer, Text, and_, cast, func, select

from db.queries.visibility import Visibility
from db.readsql import tree
from db.readsql.compiler import Compiler, render
from db.readsql.json import text_literal
from resolvers.authorization import Action, can
from resolvers.context import Context
from resolvers.errors import ApiError
from resolvers.principal import Principal
from schema.observability import read_span
from schema.read_path import lookups  # noqa: F401 - registers the lookups' hooks and binders
from schema.read_path.arguments import Bound
from schema.read_path.binding import bind
from schema.read_path.declare import declaration_of, table_type_of
from schema.read_path.planner import (
    MARKER,
    Planner,
    Request,
    Site,
    Step,
    origin_of,
    strawberry_metadata,
)
from schema.read_path.plans import (
    PLANS,
    VIEWER_SITE,
    DocumentFacts,
    Parameter,
    Plan,
    document_key,
    facts_of,
    kept_bytes,
)
from schema.read_path.results import (
    Chain,
    Completer,
    Found,
    Pending,
    Position,
    Response,
    Trie,
    located,
    walk,
)
from schema.response_size import ResponseBudget

REFS_SITE = -2  # parameter sites of RowRef reads: -2, -3, ... one per group
# A site's marker in the statement's JSON text. `@` is no GraphQL name, so no response key;
# inside a string a quote is escaped, so only a string value of exactly "@" also matches (then
# the answer is parsed and walked: nothing found, nothing changed).
MARKED = f'"{MARKER}"'


def visibility_of(principal: Principal, parameter: Any) -> Visibility:
    """What a statement for `principal` may show; a partner's ISCMs are the bound `parameter`."""
    if principal.sees_everything:
        return Visibility(sees_everything=True, reads_audit_log=reads_audit_log(principal))
    if principal.is_anonymous:
        return Visibility()
    return Visibility(own_iscm_ids=parameter)


def reads_audit_log(principal: Principal) -> bool:
    """Whether `principal` may read the whole audit log (admins)."""
    return can(principal, Action.READ_AUDIT_LOG, None)


class OperationReader:
    """Everything one operation's reads share: its arguments, bound once, and who reads."""

    def __init__(
        self,
        schema: GraphQLSchema,
        fragments: dict[str, FragmentDetails],
        variables: VariableValues,
        operation: OperationDefinitionNode,
        context: Context,
        budget: ResponseBudget,
        facts: DocumentFacts | None = None,
    ) -> None:
        self.schema = schema
        self.budget = budget
        self.fragments = fragments
        self.variables = variables
        self.operation = operation
        self.context = context
        self.document = document_key(operation)
        self.facts: DocumentFacts = facts or facts_of(
            schema, operation, (f.definition for f in fragments.values())
        )
        facts = self.facts
        self.bindings = self.bind(facts)
        self.conditions = tuple(
            bool(template.values(variables).get("if")) for template in facts.condition_arguments
        )
        self.request = Request(
            schema, fragments, variables, operation, context.config, self.bindings, facts.positions
        )

    def bind(self, facts: DocumentFacts) -> dict[int, Bound]:
        """Read every argument-taking field's arguments, as its declaration says."""
        bindings = {}
        for index, (_node, definition) in enumerate(facts.fields):
            try:
                arguments = facts.arguments[index].values(self.variables)
            except GraphQLError as error:
                bindings[index] = Bound(shape="refused", error=error)
                continue
            declaration = declaration_of(strawberry_metadata(definition))
            bindings[index] = bind(
                definition,
                declaration,
                arguments,
                self.context.config,
                self.schema,
                self.context.principal,
            )
        return bindings

    def plan_key(self, kind: Hashable, shape: tuple[bool, ...]) -> Hashable:
        """What a plan of this operation depends on."""
        shapes = tuple(bound.shape for bound in self.bindings.values())
        return (self.document, kind, shape, shapes, self.conditions)

    def visibility(self, planner: Planner | None) -> Visibility:
        """The reader's visibility, its ISCMs bound as a parameter of `planner`'s statement."""
        principal = self.context.principal
        parameter = (
            planner.param(VIEWER_SITE, "own_iscm_ids", ARRAY(Integer())) if planner else None
        )
        return visibility_of(principal, parameter)

    def plan(self, kind: Hashable, build: Any) -> Plan:
        """Return the cached plan of `kind`, or make it with `build(planner)` -> the data."""
        principal = self.context.principal
        shape = (
            principal.sees_everything,
            not principal.is_anonymous,
            reads_audit_log(principal),
        )
        key = self.plan_key(kind, shape)
        plan = PLANS.get(key)
        if plan is not None:
            return plan
        planner = Planner(self.request, Visibility())
        planner.reading = self.visibility(planner)
        data = build(planner)
        rendered = render(Compiler(planner.reading).statement(tree.Statement(data)))
        parameters = tuple(
            Parameter(*planner.parameters[name])
            if name in planner.parameters
            else Parameter(0, name, rendered.constants[name])
            for name in rendered.parameters
        )
        plan = Plan(rendered.sql, parameters, tuple(planner.sites))
        PLANS.put(key, plan, kept_bytes(self.operation, plan.sql))
        return plan

    def values(self, plan: Plan, extra: dict[int, dict[str, Any]] | None = None) -> list[Any]:
        """The statement's parameter values for this request."""
        values = []
        for parameter in plan.parameters:
            if parameter.site == VIEWER_SITE:
                values.append(sorted(self.context.principal.iscm_ids))
            elif extra is not None and parameter.site in extra:
                values.append(extra[parameter.site][parameter.name])
            elif (
                parameter.site in self.bindings
                and parameter.name in self.bindings[parameter.site].values
            ):
                values.append(self.bindings[parameter.site].values[parameter.name])
            else:
                values.append(parameter.constant)
        return values

    async def run(
        self, plan: Plan, extra: dict[int, dict[str, Any]] | None = None, shared: Any = None
    ) -> Any:
        """Run a plan's statement (on `shared` when given, see RowRef); return its JSON as
        Python values.

        The JSON text counts against the response ceiling (schema/response_size.py) before it
        is parsed: an answer past it stops here, as ResponseTooLarge.
        """
        database = self.context.db if shared is None else shared
        text = await database.fetch_value(plan.sql, *self.values(plan, extra))
        self.budget.spend(len(text))
        return orjson.loads(text)

    # Queries

    async def query(
        self, root_type: GraphQLObjectType, planned: dict[str, FieldDetailsList], response: Response
    ) -> None:
        """Read the database root fields in one statement into `response.data`."""
        plan = self.plan(
            ("query", tuple(planned)), lambda planner: planner.root(root_type, planned)
        )
        with read_span(f"GraphQL Reading: {', '.join(planned)}"):
            data = await self.run(plan)
        for key in planned:
            response.data[key] = data[key]
        await self.finish(plan, [(response.data, [], Trie.of(plan.sites))], response)

    async def query_text(
        self, root_type: GraphQLObjectType, planned: dict[str, FieldDetailsList]
    ) -> str | None:
        """The response's whole data as the statement's JSON text, when nothing is left to
        Python (no errors to place, no external fields); None when something is: then use
        `query`, which runs the statement, or takes its answer from the request session when
        this read it already (a reference found missing, an answer over the ceiling)."""
        plan = self.plan(
            ("query", tuple(planned)), lambda planner: planner.root(root_type, planned)
        )
        if any(self.needs_python(site) for site in plan.sites):
            return None
        values = self.values(plan)
        with read_span(f"GraphQL Reading: {', '.join(planned)}"):
            text: str = await self.context.db.fetch_value(plan.sql, *values)
        if (plan.sites and MARKED in text) or not self.budget.fits(len(text)):
            # A reference the statement did not find, or an answer past the ceiling: `query`
            # places the error at its path, with this answer, which the request session keeps
            # for it (the statement runs once).
            self.context.db.keep(plan.sql, tuple(values), text)
            return None
        self.budget.spend(len(text))
        return text

    def needs_python(self, site: Site) -> bool:
        """Whether a site has work for Python whatever the statement answers: UN figures, a
        refused argument, a lookup's malformed items. A reference (an argument naming a
        record that must exist) has work only when the statement marks it missing."""
        if site.reference is not None:
            return False
        if site.lookup is not None:
            bound = (
                self.bindings.get(site.argument_site) if site.argument_site is not None else None
            )
            return bound is not None and bool(bound.item_errors)
        return True

    # What the statement leaves to Python

    async def finish(
        self, plan: Plan, roots: list[tuple[Any, Chain, Trie]], response: Response
    ) -> None:
        """Place refused fields' errors and resolve external fields, in document order."""
        if not plan.sites:
            return
        found: list[Found] = []
        for value, chain, trie in roots:
            walk(trie, value, chain, found)
        externals = [
            place
            for place in found
            if place.site.external is not None
            and isinstance(place.value, dict)
            and "v" in place.value
        ]
        with read_span("GraphQL Resolving: data from outside the database"):
            results = await asyncio.gather(
                *(self.resolve_external(place) for place in externals), return_exceptions=True
            )
        resolved = dict(zip((id(place) for place in externals), results, strict=True))
        completer = self.completer(response)
        for place in found:
            self.finish_place(place, resolved, completer, response)
        await self.read_pending(completer, response)

    async def resolve_external(self, place: Found) -> Any:
        """Resolve one external field for one parent."""
        site = place.site
        assert site.external is not None
        bound = self.bindings.get(site.argument_site) if site.argument_site is not None else None
        arguments = bound.arguments if bound is not None else {}
        path = place.chain[-1].path
        return await site.external.resolve(self.context, place.value["v"], arguments, path)

    def finish_place(
        self, place: Found, resolved: dict[int, Any], completer: Completer, response: Response
    ) -> None:
        """Finish one place: an error, a lookup's item errors, or an external value."""
        site = place.site
        position = place.chain[-1]
        bound = self.bindings.get(site.argument_site) if site.argument_site is not None else None
        if site.lookup is not None:
            if not isinstance(place.value, list) or bound is None:
                return
            item_nullable = True
            for index, error in sorted(bound.item_errors.items()):
                if index < len(place.value):
                    item = Position(place.value, index, item_nullable, (*position.path, index))
                    response.fail([*place.chain, item], located(error, site.details, item.path))
            return
        if site.reference is not None:
            missing = place.value.get("v")
            error = ApiError(
                site.reference.code,
                site.reference.message(missing, site.argument),
                argument=site.argument,
            )
            response.fail(place.chain, located(error, site.details, position.path))
            return
        if site.external is not None and id(place) in resolved:
            completer.complete(
                place.chain, resolved[id(place)], site.field.type, site.details, owner_of(site)
            )
            return
        if bound is not None and bound.error is not None:
            response.fail(place.chain, located(bound.error, site.details, position.path))

    # Python values: mutation payloads, subscription events, external data

    def subfields(
        self, object_type: GraphQLObjectType, details: FieldDetailsList
    ) -> dict[str, FieldDetailsList]:
        """The fields selected on `object_type` by `details`, grouped by response key."""
        return collect_subfields(
            self.schema, self.fragments, self.variables, self.operation, object_type, details
        ).grouped_field_set

    def completer(self, response: Response) -> Completer:
        """A completer writing into `response`."""
        return Completer(response, self.subfields, self.schema)

    async def complete_root(
        self,
        response: Response,
        key: str,
        value: Any,
        definition: Any,
        details: FieldDetailsList,
        owner: str,
    ) -> None:
        """Complete a root field's Python value into the response, reading its RowRefs."""
        nullable = not is_non_null_type(definition.type)
        chain = [Position(response.data, key, nullable, (key,))]
        completer = self.completer(response)
        completer.complete(chain, value, definition.type, details, owner)
        await self.read_pending(completer, response)

    async def read_pending(self, completer: Completer, response: Response) -> None:
        """Read every RowRef the completer met, in one statement, and write them in place."""
        pending = completer.pending
        if not pending:
            return
        completer.pending = []
        groups: dict[tuple[str, int, tuple[str, ...], bool], list[Pending]] = {}
        for item in pending:
            group = (
                item.object_type.name,
                id(item.details),
                tuple(item.ref.key),
                item.ref.as_written,
            )
            groups.setdefault(group, []).append(item)
        ordered = list(groups.values())
        kind = (
            "rows",
            tuple(
                (items[0].object_type.name, id(items[0].details[0].node), items[0].ref.as_written)
                for items in ordered
            ),
        )

        def build(planner: Planner) -> tree.Object:
            fields = []
            for index, items in enumerate(ordered):
                first = items[0]
                fields.append((f"r{index}", self.rows_of(planner, index, first)))
            return tree.Object(tuple(fields))

        plan = self.plan(kind, build)
        extra = {}
        for index, items in enumerate(ordered):
            extra[REFS_SITE - index] = {
                column: [str(item.ref.key[column]) for item in items] for column in items[0].ref.key
            }
        shared = {id(item.ref.shared) for item in pending}
        data = await self.run(plan, extra, pending[0].ref.shared if len(shared) == 1 else None)
        roots: list[tuple[Any, Chain, Trie]] = []
        trie = Trie.of(plan.sites)
        for index, items in enumerate(ordered):
            group_trie = trie.children.get(Step(f"r{index}", False))
            item_trie = group_trie.children.get(Step(None, True)) if group_trie else None
            for item, value in zip(items, data[f"r{index}"], strict=True):
                position = item.chain[-1]
                position.container[position.key] = value
                if value is None and not position.nullable:
                    message = f"Cannot return null for non-nullable field {position.key}."
                    response.fail(
                        item.chain, located(GraphQLError(message), item.details, position.path)
                    )
                elif value is not None and item_trie is not None:
                    roots.append((value, item.chain, item_trie))
        await self.finish(plan, roots, response)

    def rows_of(self, planner: Planner, index: int, first: Pending) -> tree.Json:
        """The rows of one group of RowRefs, by their keys, each with its selection."""
        object_type = first.object_type
        table = table_type_of(origin_of(object_type))
        assert table is not None
        columns = list(first.ref.key)
        site = REFS_SITE - index
        parameters = [planner.param(site, column, ARRAY(Text())) for column in columns]
        tag = text_literal(object_type.name)

        def hits(_: Any) -> Any:
            rows = (
                func.unnest(*parameters)
                .table_valued(*columns, with_ordinality="position")
                .render_derived()
            )
            return select(tag.label("tag"), rows.c.position, *(rows.c[c] for c in columns))

        def match(hit: Any, row: Any) -> Any:
            return and_(*(row.c[c] == cast(hit.c[c], row.c[c].type) for c in columns))

        path = (Step(f"r{index}", False), Step(None, True))
        value = planner.object(object_type, first.details, path)
        source = replace(table.source, visible=None) if first.ref.as_written else table.source
        branch = tree.Branch(object_type.name, source, match, value)
        return tree.Choice(hits, (branch,), many=True)


def owner_of(site: Any) -> str:
    """`Type.field` of a site, for error messages."""
    return f"{site.parent_type.name}.{site.details[0].node.name.value}"
