"""Shared objects built once, on first use, safely from many threads at once.

``functools.cache`` does not lock: eight threads that start cold each build
their own value, and only one of them is kept. For a pint registry that is a
correctness bug (quantities of two registries cannot be compared), and for
the other tables merely waste; :func:`built_once` makes every thread wait for
the one build and all get the same object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Collection, Mapping, MutableMapping
from typing import Any, Generic, TypeVar

__all__ = ["built_once", "lazy_names", "trusted_maker"]

T = TypeVar("T")

_UNBUILT = object()


class _BuiltOnce(Generic[T]):
    __slots__ = ("__doc__", "__name__", "__qualname__", "__wrapped__", "_build", "_lock", "_value")

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: object = _UNBUILT
        self.__wrapped__ = build
        self.__doc__ = build.__doc__
        self.__name__ = build.__name__
        self.__qualname__ = build.__qualname__

    def __call__(self) -> T:
        value = self._value
        if value is _UNBUILT:
            with self._lock:
                # Checked again under the lock: another thread may have built it while this one waited.
                if self._value is _UNBUILT:
                    self._value = self._build()
                value = self._value
        return value  # type: ignore[return-value]  # _UNBUILT is never returned

    def cache_clear(self) -> None:
        """Forget the value; the next call builds it again (for tests)."""
        with self._lock:
            self._value = _UNBUILT


def built_once(build: Callable[[], T]) -> Callable[[], T]:
    """Decorate a builder without arguments: its value is built once, under a lock."""
    return _BuiltOnce(build)


def trusted_maker(cls: type[T], *given: str) -> Callable[..., T]:
    """A function building a frozen, slotted attrs object of ``cls`` without its checks.

    For values the library itself has made or already checked (a synthetic
    participant's draws, a table validated column by column, a rule's own
    verdicts): the function takes the values of the ``given`` fields (by default
    every field, in the class's order) positionally, sets every other field to
    its plain default, and stores each through the slot's own descriptor, as
    attrs' generated ``__init__`` does, without validators or converters. Like
    attrs, it is generated as source with one line per field (a loop over the
    fields costs half as much again per object). A field without a plain
    default that is not given, or a field that is no slot, is a ``TypeError``
    when the maker is made, never a slot left unset.
    """
    import attrs

    fields = attrs.fields(cls)  # type: ignore[arg-type]  # one of the library's attrs classes
    names = [f.name for f in fields]
    given = given or tuple(names)
    if len(set(given)) != len(given) or not set(given) <= set(names):
        raise TypeError(f"{cls.__name__} has no fields {sorted(set(given) - set(names))} or one twice")
    scope: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    lines = ["    made = _new(_cls)"]
    for index, f in enumerate(fields):
        slot: Any = vars(cls).get(f.name)
        if type(slot).__name__ != "member_descriptor":
            raise TypeError(f"{cls.__name__}.{f.name} is not a slot")
        scope[f"_set{index}"] = slot.__set__
        if f.name in given:
            lines.append(f"    _set{index}(made, {f.name})")
            continue
        if f.default is attrs.NOTHING or isinstance(f.default, attrs.Factory):  # type: ignore[arg-type]
            raise TypeError(f"{cls.__name__}.{f.name} has no plain default; give it")
        scope[f"_default{index}"] = f.default
        lines.append(f"    _set{index}(made, _default{index})")
    source = f"def make({', '.join(given)}):\n" + "\n".join(lines) + "\n    return made\n"
    # The source is made of the class's own field names (identifiers) only, never of data.
    exec(compile(source, f"<trusted {cls.__name__}>", "exec"), scope)  # noqa: S102
    made: Callable[..., T] = scope["make"]
    return made


def lazy_names(
    package: str,
    exports: Mapping[str, str],
    namespace: MutableMapping[str, Any],
    submodules: Collection[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A package's ``__getattr__`` and ``__dir__`` that import its names on first use (PEP 562).

    ``exports`` maps each public name to the module that defines it; a name in
    ``submodules`` is the package's own submodule, imported when first used as an
    attribute. A value found is kept in ``namespace`` (the package's globals), so
    later look-ups do not call ``__getattr__`` again.
    """
    from importlib import import_module

    def __getattr__(name: str) -> Any:  # noqa: N807  # the module hook's own name
        module = exports.get(name)
        if module is not None:
            value = getattr(import_module(module), name)
        elif name in submodules:
            value = import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:  # noqa: N807  # the module hook's own name
        return sorted({*namespace, *exports})

    return __getattr__, __dir__
