"""Check ids: the catalogue strings of DESIGN.md, defined once and used everywhere."""

from __future__ import annotations

__all__ = [
    "API_ACCEPTED_CROSSED",
    "API_CHECKS",
    "API_HANDS_VALID_INPUT",
    "API_REJECTS_INVALID",
    "API_RESPONSE_CONFORMS",
    "API_WITHIN_LOGIC",
    "CONTRACT_COMPAT",
    "CONTRACT_VALID",
    "LOGIC_ACCEPTS_INPUT",
    "LOGIC_CHECKS",
    "LOGIC_OUTPUT_CONFORMS",
    "MODEL_MATCHES_CONTRACT",
]

CONTRACT_VALID = "contract-valid"
"""A schema is not valid for its draft, a ``$ref`` does not resolve locally, a version
folder is malformed."""
CONTRACT_COMPAT = "contract-compat"
"""A MINOR version is not backward compatible with its predecessor (or a published version
changed: judged by ``seamguard diff --base``)."""
API_WITHIN_LOGIC = "api-within-logic"
"""An API request property admits values the seam's input schema forbids (static)."""
LOGIC_ACCEPTS_INPUT = "logic-accepts-input"
"""The logic raises anything but a declared domain error on a contract-valid input."""
LOGIC_OUTPUT_CONFORMS = "logic-output-conforms"
"""The logic returns a document its output schema forbids (whichever side drove it)."""
API_HANDS_VALID_INPUT = "api-hands-valid-input"
"""A request makes the API hand the logic an input the contract forbids."""
API_ACCEPTED_CROSSED = "api-accepted-crossed"
"""The API answers 2xx for a bound route but the seam was never crossed."""
API_REJECTS_INVALID = "api-rejects-invalid"
"""The API answers 4xx after a writing logic returned normally, or answers 5xx."""
API_RESPONSE_CONFORMS = "api-response-conforms"
"""The HTTP response does not match the API's declared response schema."""

MODEL_MATCHES_CONTRACT = "model-matches-contract"
"""A pydantic model bound to a seam accepts or produces what the contract forbids, or the
reverse."""

LOGIC_CHECKS = (LOGIC_ACCEPTS_INPUT, LOGIC_OUTPUT_CONFORMS)
"""The checks the logic side runs, in report order."""
API_CHECKS = (
    API_HANDS_VALID_INPUT,
    API_ACCEPTED_CROSSED,
    API_REJECTS_INVALID,
    API_RESPONSE_CONFORMS,
)
"""The checks the API side runs, in report order."""
