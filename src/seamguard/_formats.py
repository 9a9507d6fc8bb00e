"""jsonschema's ``iri`` format checks, with their grammar built on first use, not at import.

jsonschema builds its format checkers when it is imported (``jsonschema._format``), and the
``iri`` and ``iri-reference`` checks import ``rfc3987_syntax``, which builds an Earley parser
of RFC 3987 at its own import: about 1.7 s, more than everything else seamguard loads for
``seamguard lint``. :func:`defer_iri_grammar` (called by ``seamguard.cli`` only, in
seamguard's own process, before any command imports jsonschema; never by ``import
seamguard``, so the pytest plugin leaves a user's jsonschema as it is) has jsonschema import
without ``rfc3987_syntax`` and then registers the same two checks, on the same checkers, with
the same error type, through the same jsonschema function (``_checks_drafts``); the grammar
is built by :func:`iri_syntax` the first time a value of one of these formats is validated.

Nothing changes when the defer cannot be exact: jsonschema already imported, the
``rfc3987`` package installed (jsonschema then prefers it), ``rfc3987_syntax`` missing, or a
jsonschema whose format module (read as text first) neither defines ``_checks_drafts`` nor
imports the grammar.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

__all__ = ["defer_iri_grammar", "iri_syntax"]

_FORMATS_MODULE = "jsonschema._format"
_GRAMMAR_MODULE = "rfc3987_syntax"


@functools.cache
def iri_syntax() -> Callable[[str, str], bool]:
    """``rfc3987_syntax.is_valid_syntax``, imported (its grammar built) on the first call."""
    from rfc3987_syntax import is_valid_syntax  # type: ignore[import-untyped]

    check: Callable[[str, str], bool] = is_valid_syntax
    return check


def is_iri(instance: object) -> bool:
    """jsonschema's ``iri`` check: a string that is an IRI (RFC 3987); other types pass."""
    return not isinstance(instance, str) or iri_syntax()("iri", instance)


def is_iri_reference(instance: object) -> bool:
    """jsonschema's ``iri-reference`` check: an IRI reference; other types pass."""
    return not isinstance(instance, str) or iri_syntax()("iri_reference", instance)


class _Loading(threading.local):
    active = False


_LOADING = _Loading()


class _DeferringLoader(importlib.abc.Loader):
    """Runs ``jsonschema._format`` while the grammar module reads as missing, then registers
    the two checks as jsonschema would have, and takes the finder off ``sys.meta_path``."""

    def __init__(self, loader: importlib.abc.Loader, finder: _DeferringFinder) -> None:
        self._loader = loader
        self._finder = finder

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        _LOADING.active = True
        try:
            self._loader.exec_module(module)
        finally:
            _LOADING.active = False
            if self._finder in sys.meta_path:
                sys.meta_path.remove(self._finder)
        checks_drafts: Any = module._checks_drafts
        iri = {"draft7": "iri", "draft201909": "iri", "draft202012": "iri"}
        checks_drafts(**iri, raises=ValueError)(is_iri)
        reference = {draft: "iri-reference" for draft in iri}
        checks_drafts(**reference, raises=ValueError)(is_iri_reference)

    def __getattr__(self, name: str) -> Any:
        # get_source, get_code, is_package...: as the real loader answers (tracebacks).
        return getattr(self._loader, name)


class _DeferringFinder(importlib.abc.MetaPathFinder):
    """First on ``sys.meta_path`` until jsonschema's format module has run: it wraps that
    module's loader and, in the thread running it, answers "missing" for the grammar."""

    def find_spec(
        self,
        fullname: str,
        path: Sequence[str] | None,
        target: ModuleType | None = None,
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname == _GRAMMAR_MODULE and _LOADING.active:
            raise ModuleNotFoundError(f"No module named {fullname!r}", name=fullname)
        if fullname != _FORMATS_MODULE or _GRAMMAR_MODULE in sys.modules:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _DeferringLoader(spec.loader, self)
        return spec


def defer_iri_grammar() -> None:
    """Have jsonschema, when first imported, build its ``iri`` grammar on first use."""
    if "jsonschema" in sys.modules or any(
        isinstance(finder, _DeferringFinder) for finder in sys.meta_path
    ):
        return
    if importlib.util.find_spec("rfc3987") is not None:
        return  # jsonschema uses rfc3987 for iri, not the grammar
    if importlib.util.find_spec(_GRAMMAR_MODULE) is None:
        return  # jsonschema checks no iri at all
    if not _registers_through_checks_drafts():
        return  # another jsonschema: leave its import alone
    sys.meta_path.insert(0, _DeferringFinder())


def _registers_through_checks_drafts() -> bool:
    """Whether jsonschema's format module (read, not imported) defines ``_checks_drafts``
    and registers its iri checks under the grammar's import, as the loader above expects."""
    # find_spec of the submodule would import jsonschema itself: find the package, then the file
    package = importlib.util.find_spec(_FORMATS_MODULE.partition(".")[0])
    if package is None or package.origin is None:
        return False
    try:
        with open(Path(package.origin).with_name("_format.py"), encoding="utf-8") as source:
            text = source.read()
    except OSError:
        return False
    return "def _checks_drafts(" in text and f"from {_GRAMMAR_MODULE} import" in text
