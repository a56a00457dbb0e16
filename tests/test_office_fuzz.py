"""Every query parameter and form field of the office page, fuzzed over HTTP as an admin:
never a 500, and nothing stored longer than its column (or the office's cap) allows.

Routes come from the FastAPI app itself; form fields from its signature or, for forms the
handler reads whole (the roster), from the fields of the forms the pages render.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text, func, select

from office.db import open_office
from office.roster import TEXT_LIMIT
from office.web.app import create_app
from office.web.guard import Limits
from sync.central.tables import metadata
from tests.office_fixtures import PASSWORDS, csrf_of, seed_office

NASTY = [
    "",
    "\x00",
    "a\x00b",
    "x" * 5000,
    "9" * 400,
    "-1",
    "0",
    "2147483648",
    "1e400",
    "NaN",
    "9999-12-31",
    "9999-12-01",
    "0001-01-01",
    "2026-02-30",
    "2026-01-12",
    "w01",
    "bead-stringing",
    "site-a",
    "demo-station-1",
    "0.05",
    "1234",
    "on",
    "zh-Hant",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "名字" * 150,
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(exclude_categories=["Cs"]), max_size=300),
    st.integers(-(2**70), 2**70).map(str),
)
PAGES_WITH_FORMS = ["/login", "/workers?edit=w01", "/products?edit=bead-stringing", "/supervisors", "/periods"]
# Text columns holding JSON or hashes the office writes itself, not what was typed.
WRITTEN_BY_THE_OFFICE = {"detail", "data", "product_ids", "pin_hash", "password_hash"}


def form_fields(client: TestClient) -> dict[str, set[str]]:
    """Field names of every form the pages render, by the path they post to."""
    fields: dict[str, set[str]] = {}
    for page in PAGES_WITH_FORMS:
        for action, body in re.findall(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', client.get(page).text, re.S):
            fields.setdefault(action, set()).update(re.findall(r'name="([^"]+)"', body))
    return fields


def api_routes(routes: list) -> list[APIRoute]:  # type: ignore[type-arg]
    """Every APIRoute, also inside included routers (FastAPI keeps those as wrappers)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found += api_routes(route.original_router.routes)
    return found


def fields_of(route: APIRoute, rendered: dict[str, set[str]]) -> tuple[list[str], list[str], list[str]]:
    dependant = route.dependant
    query = [p.name for p in dependant.query_params] + ["lang"]
    form = {p.name for p in dependant.body_params}
    form |= {name for action, names in rendered.items() if route.path_regex.match(action) for name in names}
    return [p.name for p in dependant.path_params], query, sorted(form - {"csrf"})


@pytest.fixture
def admin(central_url):
    engine = open_office(central_url)
    seed_office(engine)
    with TestClient(create_app(engine, limits=Limits())) as client:
        token = csrf_of(client.get("/login").text)
        client.post("/login", data={"username": "admin1", "password": PASSWORDS["admin1"], "csrf": token})
        token = csrf_of(client.get("/periods").text)
        client.post("/periods", data={"start": "2026-01-01", "end": "2026-01-31", "csrf": token})  # period 1
        client.engine = engine  # type: ignore[attr-defined]
        yield client
    engine.dispose()


def test_no_field_of_any_route_makes_a_500_or_stores_too_much(admin):
    rendered = form_fields(admin)
    routes = [r for r in api_routes(admin.app.routes) if r.path != "/logout"]
    assert len(routes) > 20 and rendered["/workers"] >= {"worker_id", "name", "bank_account"}
    for route in routes:
        path_names, query_names, form_names = fields_of(route, rendered)
        for method in sorted(route.methods):
            _fuzz(admin, method, route.path, path_names, query_names, form_names)
    _assert_nothing_too_long(admin.engine)  # type: ignore[attr-defined]


def _fuzz(client: TestClient, method: str, path: str, path_names, query_names, form_names) -> None:  # type: ignore[no-untyped-def]
    token = csrf_of(client.get("/periods").text)

    @settings(max_examples=30)
    @given(
        st.fixed_dictionaries({name: VALUES for name in path_names}),
        st.dictionaries(st.sampled_from(query_names), VALUES, max_size=len(query_names)),
        st.fixed_dictionaries({name: VALUES for name in form_names}),
    )
    def one_request(path_values: dict[str, str], query: dict[str, str], form: dict[str, str]) -> None:
        url = path.format(**{k: quote(v, safe="") or "x" for k, v in path_values.items()})
        if method == "POST":
            response = client.post(url, params=query, data={**form, "csrf": token}, follow_redirects=False)
        else:
            response = client.get(url, params=query, follow_redirects=False)
        assert response.status_code < 500, (method, url, query, form, response.text[:300])

    one_request()


def _assert_nothing_too_long(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            for column in table.c:
                if isinstance(column.type, String) and column.type.length:
                    cap = column.type.length
                elif isinstance(column.type, Text) and column.name not in WRITTEN_BY_THE_OFFICE:
                    cap = TEXT_LIMIT
                else:
                    continue
                longest = conn.execute(select(func.max(func.length(column)))).scalar_one() or 0
                assert longest <= cap, f"{table.name}.{column.name} holds {longest} characters (cap {cap})"
