"""The forms each question is sent to iscm-graph in, derived from the written document.

- `written`: the document as it is in bench/queries/.
- `client`: as Apollo Client sends it: `__typename` in every selection set below the root
  (its `addTypename`), the fields of each `node` (or, without connections, of the root
  field) in a named fragment, and every literal argument a variable.
- `aliased`: the root field and the first field below it with selections of its own under
  aliases (`aliased_<name>`).

Forms are made by rewriting the parsed document, never by hand, so a speed-up that holds for
the written text and not for its forms shows. `normalised` maps a form's answer back onto the
written one's (the limit's reference).
"""

from typing import Any

from graphql import (
    ArgumentNode,
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    NamedTypeNode,
    NameNode,
    OperationDefinitionNode,
    SelectionSetNode,
    TypeInfo,
    TypeInfoVisitor,
    VariableDefinitionNode,
    VariableNode,
    Visitor,
    get_named_type,
    parse,
    parse_type,
    print_ast,
    value_from_ast_untyped,
    visit,
)

FORMS = ("written", "client", "aliased")
ALIAS_PREFIX = "aliased_"
TYPENAME = "__typename"


class _Variables(Visitor):
    """Turns each literal argument into a variable of the argument's type."""

    def __init__(self, type_info: TypeInfo) -> None:
        super().__init__()
        self.type_info = type_info
        self.definitions: list[VariableDefinitionNode] = []
        self.values: dict[str, Any] = {}

    def enter_argument(self, node: ArgumentNode, *_: Any) -> Any:
        argument = self.type_info.get_argument()
        if argument is None or isinstance(node.value, VariableNode):
            return None
        name = node.name.value
        while name in self.values:
            name += "_"
        self.values[name] = value_from_ast_untyped(node.value)
        self.definitions.append(
            VariableDefinitionNode(
                variable=VariableNode(name=NameNode(value=name)),
                type=parse_type(str(argument.type)),
                directives=(),
            )
        )
        return ArgumentNode(name=node.name, value=VariableNode(name=NameNode(value=name)))


class _Fragments(Visitor):
    """Moves the selections of `node` fields (of the root field, without any) into fragments,
    and adds `__typename` to every selection set below the root."""

    def __init__(self, type_info: TypeInfo, into: str) -> None:
        super().__init__()
        self.type_info = type_info
        self.into = into
        self.fragments: dict[str, FragmentDefinitionNode] = {}

    def leave_field(self, node: FieldNode, *_: Any) -> Any:
        # Left after its selections were rewritten, with the type info still on the field.
        if node.selection_set is None:
            return None
        selection_set = with_typename(node.selection_set)
        if node.name.value == self.into:
            type_name = get_named_type(self.type_info.get_type()).name  # type: ignore[union-attr]
            name = f"{type_name}Fields"
            self.fragments[name] = FragmentDefinitionNode(
                name=NameNode(value=name),
                type_condition=NamedTypeNode(name=NameNode(value=type_name)),
                selection_set=selection_set,
                directives=(),
            )
            spread = FragmentSpreadNode(name=NameNode(value=name), directives=())
            selection_set = SelectionSetNode(selections=(typename_field(), spread))
        return FieldNode(
            alias=node.alias,
            name=node.name,
            arguments=node.arguments,
            directives=node.directives,
            selection_set=selection_set,
        )


def typename_field() -> FieldNode:
    """A `__typename` selection."""
    return FieldNode(name=NameNode(value=TYPENAME), arguments=(), directives=())


def with_typename(selection_set: SelectionSetNode) -> SelectionSetNode:
    """The selection set with `__typename` first, unless it has it already."""
    selections = tuple(selection_set.selections)
    if any(isinstance(s, FieldNode) and s.name.value == TYPENAME for s in selections):
        return selection_set
    return SelectionSetNode(selections=(typename_field(), *selections))


def names_of_fields(document: DocumentNode) -> set[str]:
    """Every field name the document selects."""
    found: set[str] = set()

    class Names(Visitor):
        def enter_field(self, node: FieldNode, *_: Any) -> None:
            found.add(node.name.value)

    visit(document, Names())
    return found


def client_form(schema: GraphQLSchema, document: str) -> tuple[str, dict[str, Any]]:
    """The document as Apollo Client sends it, and its variables (see the module's docstring)."""
    parsed = parse(document, no_location=True)
    type_info = TypeInfo(schema)
    variables = _Variables(type_info)
    parsed = visit(parsed, TypeInfoVisitor(type_info, variables))
    into = "node" if "node" in names_of_fields(parsed) else _root_field(parsed).name.value
    type_info = TypeInfo(schema)
    fragments = _Fragments(type_info, into)
    parsed = visit(parsed, TypeInfoVisitor(type_info, fragments))
    operation = _operation(parsed)
    operation = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=tuple(variables.definitions),
        directives=operation.directives,
        selection_set=operation.selection_set,
    )
    rewritten = DocumentNode(definitions=(operation, *fragments.fragments.values()))
    return print_ast(rewritten), variables.values


def aliased_form(document: str) -> str:
    """The document with the root field and the first field below it with selections of its
    own under aliases."""
    parsed = parse(document, no_location=True)
    operation = _operation(parsed)
    root = _root_field(parsed)
    assert root.selection_set is not None
    nested = [
        s for s in root.selection_set.selections if isinstance(s, FieldNode) and s.selection_set
    ][:1] or [s for s in root.selection_set.selections if isinstance(s, FieldNode)][:1]
    renamed = tuple(_aliased(s) if s in nested else s for s in root.selection_set.selections)
    new_root = _aliased(root, SelectionSetNode(selections=renamed))
    selections = tuple(new_root if s is root else s for s in operation.selection_set.selections)
    rewritten = OperationDefinitionNode(
        operation=operation.operation,
        name=operation.name,
        variable_definitions=operation.variable_definitions,
        directives=operation.directives,
        selection_set=SelectionSetNode(selections=selections),
    )
    others = tuple(d for d in parsed.definitions if d is not operation)
    return print_ast(DocumentNode(definitions=(rewritten, *others)))


def _aliased(field: FieldNode, selection_set: SelectionSetNode | None = None) -> FieldNode:
    return FieldNode(
        alias=NameNode(value=ALIAS_PREFIX + (field.alias or field.name).value),
        name=field.name,
        arguments=field.arguments,
        directives=field.directives,
        selection_set=selection_set or field.selection_set,
    )


def _operation(document: DocumentNode) -> OperationDefinitionNode:
    return next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))


def _root_field(document: DocumentNode) -> FieldNode:
    return next(
        s for s in _operation(document).selection_set.selections if isinstance(s, FieldNode)
    )


def normalised(data: Any) -> Any:
    """A form's answer as the written document's: no `__typename`, no alias prefixes."""
    if isinstance(data, list):
        return [normalised(item) for item in data]
    if isinstance(data, dict):
        unaliased = {key.removeprefix(ALIAS_PREFIX): value for key, value in data.items()}
        return {key: normalised(value) for key, value in unaliased.items() if key != TYPENAME}
    return data
