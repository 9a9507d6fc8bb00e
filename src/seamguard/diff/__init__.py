"""Compare two contracts trees: what changed, version by version, and whether it may land.

Rules (DESIGN.md): a version that exists in the old tree is published and must not change
(annotations aside) nor disappear; a new MINOR version must be compatible with its
predecessor (input BACKWARD, output FORWARD); a new MAJOR version may break. A break that an
ignore file approves (with a reason) is listed, not counted.
"""

from __future__ import annotations

from seamguard.diff._approvals import IGNORE_FILE, Approvals
from seamguard.diff._base import base_tree
from seamguard.diff._compare import diff_trees, load_tree
from seamguard.diff._model import Approval, Finding, TreeDiff, load_approvals

__all__ = [
    "IGNORE_FILE",
    "Approval",
    "Approvals",
    "Finding",
    "TreeDiff",
    "base_tree",
    "diff_trees",
    "load_approvals",
    "load_tree",
]
