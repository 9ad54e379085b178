"""Run the schema extensions' hooks as Strawberry does, without re-inspecting them per request.

Strawberry's runner inspects every extension for every stage of every operation (is the hook
overridden, is it a generator, wrap it in a new `contextmanager`, enter it through an exit
stack): 24 inspections and a dozen wrappers per request, which cost more than executing a
small query. Which hooks a class implements never changes, so it is worked out once per class
here; a stage whose hooks are all generator functions (all of ours, OpenTelemetry's and
ftv1's) is run by driving the generators directly, with the exit semantics of
`contextlib.contextmanager` in an `ExitStack`: hooks finish in reverse order, each sees the
exception the inner ones left, and one that swallows it stops it. Any other kind of hook
(async generators, plain callables) makes its stage run through Strawberry's own manager.
"""

import inspect
from collections.abc import Callable, Generator
from types import TracebackType
from typing import Any

from strawberry.extensions import SchemaExtension
from strawberry.extensions.context import (
    ExecutingContextManager,
    ExtensionContextManagerBase,
    OperationContextManager,
    ParsingContextManager,
    ValidationContextManager,
)
from strawberry.extensions.runner import SchemaExtensionsRunner

Hook = Callable[[SchemaExtension], Generator[None, None, None]]
# The sentinel of a class whose hook for a stage cannot be driven directly.
NOT_A_GENERATOR: Hook = lambda _: iter(())  # type: ignore[assignment,return-value]  # noqa: E731

_HOOKS: dict[tuple[type, str], Hook | None] = {}


def hook_of(extension_type: type[SchemaExtension], name: str) -> Hook | None:
    """The class's generator hook for stage `name`, None when it has none, or NOT_A_GENERATOR."""
    key = (extension_type, name)
    if key in _HOOKS:
        return _HOOKS[key]
    function = getattr(extension_type, name)
    hook: Hook | None
    if function is getattr(SchemaExtension, name):
        hook = None
    elif inspect.isgeneratorfunction(function):
        hook = function
    else:
        hook = NOT_A_GENERATOR
    _HOOKS[key] = hook
    return hook


class StageHooks:
    """One stage's hooks of one operation, entered in order and finished in reverse."""

    __slots__ = ("_entered", "_hooks")

    def __init__(self, hooks: list[tuple[SchemaExtension, Hook]]) -> None:
        self._hooks = hooks
        self._entered: list[Generator[None, None, None]] = []

    def __enter__(self) -> None:
        for extension, hook in self._hooks:
            generator = hook(extension)
            try:
                next(generator)
            except StopIteration:
                raise RuntimeError("generator didn't yield") from None
            self._entered.append(generator)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        pending = exc
        for generator in reversed(self._entered):
            pending = finish(generator, pending)
        self._entered.clear()
        if pending is None:
            return exc is not None  # swallowed by a hook
        if pending is exc:
            return False
        raise pending

    async def __aenter__(self) -> None:
        self.__enter__()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        return self.__exit__(exc_type, exc, traceback)


def finish(generator: Generator[None, None, None], pending: BaseException | None) -> Any:
    """Resume one entered hook with the exception so far; return the exception after it."""
    try:
        if pending is None:
            next(generator)
        else:
            generator.throw(pending)
    except StopIteration as stop:
        return None if stop is not pending else pending
    except BaseException as raised:  # handed on as an exit stack hands it on
        if raised is not pending and raised.__context__ is None:
            raised.__context__ = pending
        return raised
    generator.close()
    return RuntimeError("generator didn't stop")


class LeanExtensionsRunner(SchemaExtensionsRunner):
    """Strawberry's runner, its stages run by StageHooks where every hook is a generator."""

    def _stage(
        self, name: str, fallback: type[ExtensionContextManagerBase]
    ) -> StageHooks | ExtensionContextManagerBase:
        hooks: list[tuple[SchemaExtension, Hook]] = []
        for extension in self.extensions:
            hook = hook_of(type(extension), name)
            if hook is NOT_A_GENERATOR:
                return fallback(self.extensions)
            if hook is not None:
                hooks.append((extension, hook))
        return StageHooks(hooks)

    def operation(self) -> Any:
        """The hooks around the whole operation."""
        return self._stage("on_operation", OperationContextManager)

    def validation(self) -> Any:
        """The hooks around validation."""
        return self._stage("on_validate", ValidationContextManager)

    def parsing(self) -> Any:
        """The hooks around parsing."""
        return self._stage("on_parse", ParsingContextManager)

    def executing(self) -> Any:
        """The hooks around execution."""
        return self._stage("on_execute", ExecutingContextManager)
