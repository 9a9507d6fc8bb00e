"""Configuration: ``[tool.seamguard]`` in ``pyproject.toml`` or the same keys in ``seamguard.toml``.

Every key is checked where it enters: an unknown key is named with the nearest known one,
a value of the wrong type names the key, the type expected and the value found. Paths in the
file are relative to the file's own directory. The result is an immutable :class:`Config`.

``_model`` holds the values, ``_load`` finds and reads the file, ``_parse`` checks its keys.
"""

from __future__ import annotations

from seamguard.config._load import find_config_file, load_config
from seamguard.config._model import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_TIMEOUT,
    Binding,
    Config,
    Route,
)

__all__ = [
    "DEFAULT_MAX_EXAMPLES",
    "DEFAULT_TIMEOUT",
    "Binding",
    "Config",
    "Route",
    "find_config_file",
    "load_config",
]
