"""seamguard on open-source services nobody here wrote (issue 18, "Done when").

Each service in services.SERVICES is checked as a user would check it: ``seamguard check``
in a copy of its folder, the binding ``seamguard init`` wrote plus the edits README.md lists.
What it reports must be what README.md classifies: every real bug of the service found,
with its check and failure id; nothing else failed but the known false alarms an issue-18
point removes; no check in error. And each real bug is the service's own: a few lines of
Python in its folder, without seamguard, show it (``Service.probes``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.realworld.rebind import Edits, apply
from tests.realworld.services import SERVICES, Service, copy_service, run_check, run_probe

pytestmark = pytest.mark.realworld


@pytest.mark.parametrize("svc", SERVICES, ids=lambda s: s.name)
def test_check_finds_the_real_bugs_and_nothing_else(svc: Service, tmp_path: Path) -> None:
    outcome = run_check(svc, copy_service(svc, tmp_path))
    assert outcome.report, f"no report written (exit {outcome.exit_code}):\n{outcome.output}"

    errors = [key for key, status in outcome.statuses().items() if status == "error"]
    assert not errors, f"checks in error: {errors}\n{outcome.output}"

    found = outcome.failures()
    missed = {key: fid for key, fid in svc.real_bugs.items() if fid not in found.get(key, [])}
    assert not missed, f"real bugs not found (seam, check -> id): {missed}; found {found}"

    unexpected = {
        key: ids
        for key, ids in found.items()
        if key not in svc.false_alarms and set(ids) != {svc.real_bugs.get(key)}
    }
    assert not unexpected, (
        f"failures README.md does not classify (seam, check -> ids): {unexpected}\n{outcome.output}"
    )
    assert outcome.exit_code == (1 if found else 0), outcome.output
    statuses, reasons = outcome.statuses(), outcome.reasons()
    for key, text in svc.noted.items():
        assert statuses[key] == "passed", (key, outcome.output)
        assert text in reasons[key], (key, reasons[key])


PROBES = [(svc, bug) for svc in SERVICES for bug in svc.probes]


@pytest.mark.parametrize(("svc", "bug"), PROBES, ids=[f"{s.name}-{b}" for s, b in PROBES])
def test_each_real_bug_shows_without_seamguard(svc: Service, bug: str, tmp_path: Path) -> None:
    done = run_probe(svc, copy_service(svc, tmp_path), bug)
    assert done.stdout.split() == ["BUG"], done.stdout + done.stderr


INIT_WROTE = """contracts = "contracts"
app = "app.main:app"
openapi = "/openapi.json"

# notes.update: 'note' is what the route's crud.get(...) returned
[[seams]]
contract = "notes.update"
logic = "app.api.crud:put"
routes = ["PUT /notes/{id}/"]
# instance = "module:function"  # TODO: a function with no arguments that builds a X
provide = { db_session = "app.api.notes:get_db" }

[[seams]]
contract = "notes.get"
logic = "app.api.crud:get"
routes = ["GET /notes/{id}/"]
"""


def test_rebind_sets_our_keys_in_what_init_wrote() -> None:
    edits = Edits(
        top={"auth": "hooks:login"},
        every_seam={"instance": "hooks:build"},
        seams={"notes.update": {"provide": {"note": "hooks:note"}, "read-only": True}},
    )
    text = apply(INIT_WROTE, edits)
    assert text.count('auth = "hooks:login"') == 1
    assert text.index("auth =") > text.index("openapi =")
    assert text.count('instance = "hooks:build"') == 2
    assert "# instance" not in text  # init's TODO is replaced
    assert "# notes.update: 'note' is what" in text  # init's notes stay
    assert 'provide = { db_session = "app.api.notes:get_db", note = "hooks:note" }' in text
    assert text.count("read-only = true") == 1
    assert text.index("read-only") < text.index('contract = "notes.get"')
