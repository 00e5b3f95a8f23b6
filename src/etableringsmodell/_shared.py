"""Shared objects built once, on first use, safely from many threads at once.

``functools.cache`` does not lock: eight threads that start cold each build
their own value, and only one of them is kept. For a pint registry that is a
correctness bug (quantities of two registries cannot be compared), and for
the other tables merely waste; :func:`built_once` makes every thread wait for
the one build and all get the same object.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar

__all__ = ["built_once"]

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
