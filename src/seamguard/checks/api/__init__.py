"""The API side: Schemathesis drives every bound route in-process; every crossing is judged.

Per generated request (positive and negative data):

- ``api-hands-valid-input``: each crossing's input is valid under its seam's input schema;
- ``logic-output-conforms``: each crossing's output is valid under the output schema;
- ``logic-accepts-input``: a crossing with a valid input raised only declared errors;
- ``api-accepted-crossed``: a 2xx on a bound route crossed its seam;
- ``api-rejects-invalid``: no 5xx, and no 4xx after the route's logic returned normally;
- ``api-response-conforms``: Schemathesis' response checks on the documented operation.

Routes with path parameters are fed ids the API returned earlier in the run (a ``GET`` on
``{id}`` that only ever sees 404 tests nothing); each operation's count of 2xx answers is
reported.

The modules: ``_plan`` (units and their merge), ``_side`` (one process's app and its units),
``_drive`` (one operation's requests), ``_verdicts`` (one function per check id),
``_openapi``, ``_pools`` (ids for path parameters), ``_chain`` (ids made on demand, and
the requests that made each), ``_setup`` (those requests carried by a failure and sent first
by a replay), ``_probe`` (undocumented methods), ``_reproduce`` (examples and snippets),
``_state``.
"""

from __future__ import annotations

from seamguard.checks.api._openapi import load_openapi
from seamguard.checks.api._plan import (
    ApiFindings,
    ApiUnit,
    OperationStats,
    merge_api_findings,
    plan_api_units,
)
from seamguard.checks.api._side import ApiSide
from seamguard.checks.api._state import Exchange

__all__ = [
    "ApiFindings",
    "ApiSide",
    "ApiUnit",
    "Exchange",
    "OperationStats",
    "load_openapi",
    "merge_api_findings",
    "plan_api_units",
]
