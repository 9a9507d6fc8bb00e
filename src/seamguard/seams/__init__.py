"""Seams: binding a logic callable, recording its crossings, JSON documents of a call."""

from __future__ import annotations

from seamguard.seams._binding import (
    BoundSeam,
    bind,
    import_object,
    installed,
    project_on_path,
    restore,
    wrap_all,
)
from seamguard.seams._declared import declared, seam, with_declared
from seamguard.seams._depends import with_dependencies
from seamguard.seams._documents import CallShape, ConversionError, shape_of, to_json
from seamguard.seams._outputs import NoJsonForm, OutputForm, output_form
from seamguard.seams._provide import (
    is_async_factory,
    provided_async,
    provided_sync,
    route_reason,
)
from seamguard.seams._recorder import Crossing, Recorder, current_request
from seamguard.seams._yielding import YIELDING, drained, drained_sync, recorded_items

__all__ = [
    "YIELDING",
    "BoundSeam",
    "CallShape",
    "ConversionError",
    "Crossing",
    "NoJsonForm",
    "OutputForm",
    "Recorder",
    "bind",
    "current_request",
    "declared",
    "drained",
    "drained_sync",
    "import_object",
    "installed",
    "is_async_factory",
    "output_form",
    "project_on_path",
    "provided_async",
    "provided_sync",
    "recorded_items",
    "restore",
    "route_reason",
    "seam",
    "shape_of",
    "to_json",
    "with_declared",
    "with_dependencies",
    "wrap_all",
]
