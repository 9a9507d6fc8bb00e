"""``seamguard init`` and ``seamguard new-version``.

``init --yes`` on the shelf fixture (a FastAPI app with a router under a prefix, Depends,
Annotated dependencies, a domain error mapped to 404) writes a configuration and contracts
with which ``seamguard check`` passes untouched; the route listing names the callable each
route reaches, also on the two hand-bound services (taskapp, notes) where it must agree with
their hand-written configurations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from seamguard.cli import cli
from seamguard.config import load_config
from seamguard.contracts import load_contracts
from seamguard.scaffold import survey
from seamguard.scaffold._naming import seam_name, unique_name

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

HERE = Path(__file__).parent
SHELF = HERE / "services" / "shelf"
NOTES = HERE / "services" / "notes"
REPO = HERE.parent.parent
APP = "shelf_app.api:app"


def _forget(package: str) -> None:
    for name in [n for n in sys.modules if n.partition(".")[0] == package]:
        del sys.modules[name]


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the shelf service with no contracts and no configuration."""
    root = tmp_path / "shelf"
    shutil.copytree(SHELF, root, ignore=shutil.ignore_patterns("__pycache__"))
    _forget("shelf_app")
    yield root
    _forget("shelf_app")


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def init(root: Path, *args: str, input: str | None = None) -> Result:
    return run("init", "--app", APP, "--dir", str(root), *args, input=input)


def error_line(result: Result) -> str:
    """The one line a usage error prints (and nothing that looks like a traceback)."""
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


SHELF_LOGIC = {
    "POST /api/books": "shelf_app.service:Shelf.add_book",
    "GET /api/books": "shelf_app.service:Shelf.list_books",
    "GET /api/books/count": "shelf_app.service:count_books",
    "GET /api/books/{book_id}": "shelf_app.service:Shelf.get_book",
    "PUT /api/books/{book_id}/title": "shelf_app.service:rename_book",
    "DELETE /api/books/{book_id}": "shelf_app.service:Shelf.delete_book",
    "GET /api/books/health/ping": None,
}


# -- the route listing ------------------------------------------------------------------------


def test_listing_names_the_callable_each_fastapi_route_reaches(project: Path) -> None:
    found = survey(APP, root=project)
    assert found.kind == "FastAPI"
    assert found.openapi == "/openapi.json"
    assert {str(r.route): r.logic for r in found.routes} == SHELF_LOGIC
    for item in found.routes:
        if item.logic is not None:
            assert [e.__name__ for e in item.found.errors] == ["BookNotFound"]


def test_listing_agrees_with_the_hand_written_bindings_of_taskapp() -> None:
    # A Starlette app: endpoints dispatched by method through a closure, wrapped by a
    # decorator that catches the domain errors, the logic on `request.app.state.manager`
    # that the lifespan builds.
    config = load_config(REPO / "pyproject.toml")
    found = {str(r.route): r for r in survey("taskapp.api:app", root=REPO).routes}
    for binding in config.seams:
        for route in binding.routes:
            assert found[str(route)].logic == binding.logic
            errors = found[str(route)].found.errors
            assert [f"{e.__module__}:{e.__qualname__}" for e in errors] == list(binding.raises)
    assert found["GET /openapi.json"].logic is None


def test_listing_agrees_with_the_hand_written_bindings_of_notes() -> None:
    # Starlette HTTPEndpoint classes; a function imported by name, one reached through its
    # module, a method of a module-level instance; calls in `if` conditions are not the seam.
    config = load_config(NOTES / "seamguard.toml")
    try:
        found = {str(r.route): r.logic for r in survey(config.app or "", root=NOTES).routes}
    finally:
        _forget("notes_fixture")
    assert found == {
        **{str(route): b.logic for b in config.seams for route in b.routes},
        "GET /openapi.json": None,
    }


FASTAPI_VARIANTS = """
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException

from shelf_app import service
from shelf_app.service import Shelf


def shelf_session() -> Iterator[Shelf]:
    yield Shelf()


app = FastAPI()


@app.get("/a/{book_id}")
def by_generator_dependency(book_id: int, shelf: Shelf = Depends(shelf_session)):
    return shelf.get_book(book_id)


@app.get("/b/{book_id}")
def by_class_dependency(book_id: int, shelf: Annotated[Shelf, Depends()]):
    return shelf.get_book(book_id)


@app.get("/c")
def by_local_instance():
    shelf = Shelf()
    return shelf.list_books()


@app.get("/d")
def by_unannotated_dependency(helper=Depends(shelf_session)):
    return helper.list_books()


@app.get("/e/{book_id}")
def by_call_result(book_id: int):
    try:
        return service.Shelf().get_book(book_id)
    except service.BookNotFound:
        raise HTTPException(404) from None
"""


def test_listing_resolves_dependencies_locals_and_call_results(project: Path) -> None:
    (project / "shelf_app" / "variants.py").write_text(FASTAPI_VARIANTS)
    found = {str(r.route): r for r in survey("shelf_app.variants:app", root=project).routes}
    assert {k: r.logic for k, r in found.items()} == {
        "GET /a/{book_id}": "shelf_app.service:Shelf.get_book",
        "GET /b/{book_id}": "shelf_app.service:Shelf.get_book",
        "GET /c": "shelf_app.service:Shelf.list_books",
        "GET /d": "shelf_app.service:Shelf.list_books",
        "GET /e/{book_id}": "shelf_app.service:Shelf.get_book",
    }
    assert [e.__name__ for e in found["GET /e/{book_id}"].found.errors] == ["BookNotFound"]
    assert found["GET /a/{book_id}"].found.errors == ()


PLAIN_STARLETTE = """
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Mount, Route

from shelf_app.service import BookNotFound, Shelf, count_books


@asynccontextmanager
async def lifespan(app):
    app.state.shelf = Shelf()
    yield


async def get_book(request: Request) -> JSONResponse:
    try:
        book = request.app.state.shelf.get_book(request.path_params["book_id"])
    except BookNotFound:
        return JSONResponse({"detail": "no such book"}, status_code=404)
    return JSONResponse(book.model_dump())


async def count(request):
    return JSONResponse(count_books().model_dump())


app = Starlette(
    routes=[
        Mount("/api", routes=[Route("/books/{book_id:int}", get_book), Route("/count", count)])
    ],
    lifespan=lifespan,
)
"""


def test_starlette_mount_state_and_no_openapi(project: Path) -> None:
    # Routes under a Mount (converters dropped from the path), the logic on
    # `request.app.state.shelf` that the lifespan assigns; no OpenAPI document served.
    (project / "shelf_app" / "plain.py").write_text(PLAIN_STARLETTE)
    found = survey("shelf_app.plain:app", root=project)
    assert found.kind == "Starlette"
    assert found.openapi is None
    listing = {str(r.route): r for r in found.routes}
    assert {k: r.logic for k, r in listing.items()} == {
        "GET /api/books/{book_id}": "shelf_app.service:Shelf.get_book",
        "GET /api/count": "shelf_app.service:count_books",
    }
    assert [e.__name__ for e in listing["GET /api/books/{book_id}"].found.errors] == [
        "BookNotFound"
    ]
    result = run("init", "--app", "shelf_app.plain:app", "--dir", str(project), "--yes")
    assert result.exit_code == 0, result.output
    assert "serves no OpenAPI document, so 'openapi' is left out" in result.output
    data = tomllib.loads((project / "seamguard.toml").read_text())
    assert "openapi" not in data
    assert [s["contract"] for s in data["seams"]] == ["books.get", "books.count"]
    assert load_contracts(project / "contracts").problems == ()


def test_init_prints_the_listing(project: Path) -> None:
    result = init(project, "--yes")
    assert result.exit_code == 0, result.output
    assert "shelf_app.api:app (FastAPI, 7 routes)" in result.output
    assert "POST /api/books" in result.output
    assert "-> shelf_app.service:Shelf.add_book" in result.output
    assert "GET /api/books/health/ping" in result.output
    assert "(logic not found)" in result.output


@pytest.mark.parametrize(
    ("method", "path", "callable_name", "seam"),
    [
        ("POST", "/api/books", "add_book", "books.create"),
        ("GET", "/api/books", "list_books", "books.list"),
        ("GET", "/api/v1/books/{book_id}", "get_book", "books.get"),
        ("PATCH", "/api/tasks/{task_id}", "update_task", "tasks.update"),
        ("PUT", "/books/{book_id}", "replace_book", "books.update"),
        ("DELETE", "/api/tasks/{task_id}", "delete_task", "tasks.delete"),
        ("POST", "/api/tasks/{task_id}/complete", "complete_task", "tasks.complete"),
        ("POST", "/api/v1/books/{book_id}/loans", "lend_book", "loans.create"),
        ("PUT", "/api/books/{book_id}/title", "rename_book", "books.rename"),
        ("GET", "/api/v1/fees/late", "quote_late_fee", "fees.quote"),
        ("GET", "/api/books/stats", "get_stats", "books.stats"),
        ("GET", "/", "index", "index"),
        ("GET", "/api/count", "count_books", "books.count"),
    ],
)
def test_seam_names(method: str, path: str, callable_name: str, seam: str) -> None:
    assert seam_name(method, path, callable_name) == seam


def test_seam_names_are_unique() -> None:
    taken = {"books.create"}
    assert unique_name("books.create", "import_book", taken) == "books.import_book"
    taken.add("books.import_book")
    assert unique_name("books.create", "import_book", taken) == "books.import_book-2"


# -- init --yes, then check ------------------------------------------------------------------


def test_init_yes_then_check_passes_without_edits(project: Path) -> None:
    result = init(project, "--yes")
    assert result.exit_code == 0, result.output
    config = load_config(project / "seamguard.toml")
    assert config.app == APP
    assert config.openapi == "/openapi.json"
    assert {b.contract: (b.logic, b.version) for b in config.seams} == {
        "books.create": ("shelf_app.service:Shelf.add_book", "1.0"),
        "books.list": ("shelf_app.service:Shelf.list_books", "1.0"),
        "books.count": ("shelf_app.service:count_books", "1.0"),
        "books.get": ("shelf_app.service:Shelf.get_book", "1.0"),
        "books.rename": ("shelf_app.service:rename_book", "1.0"),
        "books.delete": ("shelf_app.service:Shelf.delete_book", "1.0"),
    }
    get = config.binding("books.get")
    assert [str(r) for r in get.routes] == ["GET /api/books/{book_id}"]
    assert get.raises == ("shelf_app.service:BookNotFound",)
    assert get.instance == "shelf_app.service:Shelf"
    assert config.binding("books.count").instance is None
    assert load_contracts(config.contracts).problems == ()

    checked = run(
        "check", "--config", str(project / "seamguard.toml"), "--max-examples", "15", "--seed", "1"
    )
    assert checked.exit_code == 0, checked.output
    assert "FAIL" not in checked.output
    assert "ERROR" not in checked.output


def test_init_yes_on_taskapp_then_check_passes(tmp_path: Path) -> None:
    # A Starlette app: logic on request.app.state.manager (built by the lifespan), a
    # TypedDict parameter (pydantic refuses typing.TypedDict before 3.12). Separate
    # processes: this test session has taskapp imported from the repository already.
    shutil.copytree(REPO / "src" / "taskapp", tmp_path / "taskapp")
    env = {**os.environ, "TASKAPP_DB": str(tmp_path / "tasks.db")}

    def seamguard(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seamguard", *args],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    made = seamguard("init", "--app", "taskapp.api:app", "--yes")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "-> taskapp.logic:TaskManager.update_task" in made.stdout
    assert "note:" not in made.stdout
    checked = seamguard("check", "--max-examples", "10", "--seed", "1")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout


def test_init_yes_on_bookapp_then_check_passes(tmp_path: Path) -> None:
    # docs/init.md's five-minute tutorial: the FastAPI example's package alone, no config and
    # no contracts; `init --yes` writes both and `check` passes without a hand edit. The
    # written contracts guard something: a planted logic bug fails its own check.
    shutil.copytree(
        REPO / "examples" / "bookapp" / "bookapp",
        tmp_path / "bookapp",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    env = {k: v for k, v in os.environ.items() if k != "BOOKAPP_BUG"}

    def seamguard(*args: str, bug: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "seamguard", *args],
            cwd=tmp_path,
            env={**env, "BOOKAPP_BUG": bug},
            capture_output=True,
            text=True,
            check=False,
        )

    made = seamguard("init", "--app", "bookapp.api:app", "--yes")
    assert made.returncode == 0, made.stdout + made.stderr
    assert "(FastAPI, 6 routes)" in made.stdout
    assert "-> bookapp.service:Library.lend_book" in made.stdout
    assert "-> bookapp.service:quote_late_fee" in made.stdout
    assert "logic not found" not in made.stdout
    config = load_config(tmp_path / "seamguard.toml")
    assert len(config.seams) == 6
    assert load_contracts(config.contracts).problems == ()

    checked = seamguard("check", "--max-examples", "15", "--seed", "1")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "FAIL" not in checked.stdout
    assert "ERROR" not in checked.stdout

    planted = seamguard("check", "--max-examples", "15", "--seed", "1", bug="logic-accepts-input")
    assert planted.returncode == 1, planted.stdout + planted.stderr
    failed = [line.split() for line in planted.stdout.splitlines() if "FAIL" in line.split()[:1]]
    assert ["FAIL", "fees.quote@1.0", "logic-accepts-input"] in failed, planted.stdout


def test_contracts_come_from_the_annotations(project: Path) -> None:
    assert init(project, "--yes").exit_code == 0
    root = project / "contracts"

    def schema(seam: str, side: str) -> dict[str, object]:
        return json.loads((root / seam / "1.0" / f"{side}.schema.json").read_text())  # type: ignore[no-any-return]

    create = schema("books.create", "input")  # one model parameter: the model's schema
    assert create["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert create["required"] == ["title", "author", "year"]
    assert create["properties"]["title"]["maxLength"] == 200  # type: ignore[index]
    assert create["additionalProperties"] is False
    listing = schema("books.list", "input")  # parameters by name, defaults kept
    # A bare `limit: int` takes the bounds the route declares for it (Query(ge=1, le=100)).
    assert listing["properties"]["limit"] == {  # type: ignore[index]
        "type": "integer",
        "minimum": 1,
        "maximum": 100,
        "default": 20,
    }
    assert "required" not in listing
    assert listing["additionalProperties"] is False
    title = schema("books.rename", "input")
    assert title["required"] == ["book_id", "title"]
    output = schema("books.list", "output")
    assert output["type"] == "array"
    assert output["items"] == {"$ref": "#/$defs/Book"}
    assert "Book" in output["$defs"]  # type: ignore[operator]
    assert schema("books.delete", "output")["type"] == "null"


def test_init_writes_into_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text('[project]\nname = "shelf"\n')
    result = init(project, "--yes", "--config-file", "pyproject.toml", "--contracts", "seams")
    assert result.exit_code == 0, result.output
    data = tomllib.loads((project / "pyproject.toml").read_text())
    assert data["project"] == {"name": "shelf"}
    assert data["tool"]["seamguard"]["contracts"] == "seams"
    assert len(data["tool"]["seamguard"]["seams"]) == 6
    assert (project / "seams" / "books.get" / "1.0" / "input.schema.json").is_file()
    assert not (project / "seamguard.toml").exists()
    again = init(project, "--yes", "--config-file", "pyproject.toml", "--force")
    assert "[tool.seamguard] table already" in error_line(again)


def test_interactive_choice_binds_the_routes_chosen(project: Path) -> None:
    result = init(project, input="1,3-4,7\n")
    assert result.exit_code == 0, result.output
    assert "Bind which routes?" in result.output
    assert "skipped 7 (GET /api/books/health/ping): its logic was not found" in result.output
    config = load_config(project / "seamguard.toml")
    assert [b.contract for b in config.seams] == ["books.create", "books.count", "books.get"]


def test_interactive_choice_asks_again_when_not_understood(project: Path) -> None:
    result = init(project, input="9\nfirst\n2\n")
    assert result.exit_code == 0, result.output
    assert result.output.count("not understood") == 2
    assert [b.contract for b in load_config(project / "seamguard.toml").seams] == ["books.list"]


def test_interactive_none_writes_nothing(project: Path) -> None:
    result = init(project, input="none\n")
    assert result.exit_code == 0, result.output
    assert not (project / "seamguard.toml").exists()
    assert not (project / "contracts").exists()


# -- never overwrite ---------------------------------------------------------------------------


def test_init_refuses_to_overwrite_the_config(project: Path) -> None:
    (project / "seamguard.toml").write_text("# mine\n")
    line = error_line(init(project, "--yes"))
    assert line == (
        "seamguard: error: seamguard.toml exists already; init never overwrites a file "
        "(--add merges new seams into it, --force overwrites it)"
    )
    assert (project / "seamguard.toml").read_text() == "# mine\n"
    assert not (project / "contracts").exists()


def test_init_refuses_to_overwrite_a_contract(project: Path) -> None:
    existing = project / "contracts" / "books.get" / "1.0" / "output.schema.json"
    existing.parent.mkdir(parents=True)
    existing.write_text("{}\n")
    line = error_line(init(project, "--yes"))
    assert "contracts/books.get/1.0/output.schema.json exists already" in line
    assert existing.read_text() == "{}\n"
    assert not (project / "seamguard.toml").exists()
    forced = init(project, "--yes", "--force")
    assert forced.exit_code == 0, forced.output
    assert json.loads(existing.read_text())["title"] == "Book"


# -- bad --app ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "expected"),
    [
        ("no_such_module:app", "no module named 'no_such_module'"),
        ("shelf_app.api:ap", "has no attribute 'ap'; did you mean 'app'?"),
        ("shelf_app.models:Book", "not a Starlette or FastAPI app"),
        ("shelf_app.api", "expected module:attribute"),
        ("shelf_app.broken:app", "importing shelf_app.broken failed: RuntimeError: no database"),
    ],
)
def test_bad_app_is_one_line_and_exit_2(project: Path, app: str, expected: str) -> None:
    (project / "shelf_app" / "broken.py").write_text(
        'raise RuntimeError("no database\\nconfigured")\n'
    )
    result = run("init", "--app", app, "--dir", str(project), "--yes")
    assert expected in error_line(result)


def test_app_whose_logic_is_not_found_is_exit_2(project: Path) -> None:
    (project / "shelf_app" / "bare.py").write_text(
        "from fastapi import FastAPI\n\napp = FastAPI()\n\n\n"
        "@app.get('/ping')\ndef ping() -> dict[str, str]:\n    return {'status': 'ok'}\n"
    )
    line = error_line(run("init", "--app", "shelf_app.bare:app", "--dir", str(project), "--yes"))
    assert "no route's logic callable was found" in line


# -- new-version --------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A configuration pinning books.get at 1.1, with contracts 1.0 and 1.1."""
    for version in ("1.0", "1.1"):
        folder = tmp_path / "contracts" / "books.get" / version
        folder.mkdir(parents=True)
        for side in ("input", "output"):
            document = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": f"https://shelf.example/contracts/books.get/{version}/{side}.schema.json",
                "type": "object",
            }
            (folder / f"{side}.schema.json").write_text(json.dumps(document, indent=2) + "\n")
    (tmp_path / "seamguard.toml").write_text(
        '[[seams]]\ncontract = "books.get"\nversion = "1.1"\nlogic = "shelf_app.service:get"\n'
    )
    return tmp_path


@pytest.mark.parametrize(("flag", "made"), [("--minor", "1.2"), ("--major", "2.0")])
def test_new_version_copies_the_newest_forward(tree: Path, flag: str, made: str) -> None:
    result = run("new-version", "books.get", flag, "--config", str(tree / "seamguard.toml"))
    assert result.exit_code == 0, result.output
    folder = tree / "contracts" / "books.get" / made
    assert str(folder) in result.output or f"contracts/books.get/{made}" in result.output
    assert f'binds books.get at version = "1.1"; set it to "{made}"' in result.output
    copied = json.loads((folder / "input.schema.json").read_text())
    assert copied["$id"] == f"https://shelf.example/contracts/books.get/{made}/input.schema.json"
    registry = load_contracts(tree / "contracts")
    assert registry.problems == ()
    assert str(registry.get("books.get").version) == made


def test_new_version_of_an_unpinned_binding(tree: Path) -> None:
    (tree / "seamguard.toml").write_text(
        '[[seams]]\ncontract = "books.get"\nlogic = "shelf_app.service:get"\n'
    )
    result = run("new-version", "books.get", "--minor", "--config", str(tree / "seamguard.toml"))
    assert result.exit_code == 0, result.output
    assert "follows the newest version: it is now 1.2" in result.output
    assert "reminder" not in result.output


def test_new_version_refuses_an_unknown_seam(tree: Path) -> None:
    result = run("new-version", "book.get", "--minor", "--config", str(tree / "seamguard.toml"))
    assert "no seam 'book.get'" in error_line(result)
    assert "did you mean 'books.get'?" in result.stderr


@pytest.mark.parametrize("flags", [[], ["--minor", "--major"]])
def test_new_version_needs_one_of_minor_or_major(tree: Path, flags: list[str]) -> None:
    result = run("new-version", "books.get", *flags, "--config", str(tree / "seamguard.toml"))
    assert "exactly one of --minor or --major" in error_line(result)
    assert not (tree / "contracts" / "books.get" / "1.2").exists()
