"""One way every office list is sorted, searched, filtered and paged in SQL, not six copies.

A page declares a `Listing` (which columns may sort it, which are searched, which filter it);
the query string is parsed once into a `ListRequest` (unknown sort keys and filters are ignored,
so a hand-edited URL cannot order by an arbitrary column); `fetch` returns one `Page` of rows with
the total count of everything that matched, so nothing is cut off silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from pydantic import BaseModel, Field, ValidationError, field_validator
from sqlalchemy import Boolean, ColumnElement, Connection, RowMapping, Select, false, func, or_, select

from office.payroll.errors import InputError

PAGE_SIZES = (25, 50, 100, 200)
MAX_SEARCH = 100
YES_NO = [("1", "list.yes"), ("0", "list.no")]  # a yes/no filter's options (labels are translation keys)


@dataclass(frozen=True, slots=True)
class Listing:
    """What one list page allows. `key` breaks ties so paging never shows a row twice; a sort may
    be several columns (leading with the page's range column keeps the database on that range)."""

    sorts: Mapping[str, ColumnElement[Any] | tuple[ColumnElement[Any], ...]]
    default_sort: str
    key: ColumnElement[Any]
    searched: tuple[ColumnElement[Any], ...] = ()
    filters: Mapping[str, ColumnElement[Any]] = field(default_factory=dict)
    newest_first: bool = False


class ListRequest(BaseModel):
    """The list part of a page's query string, parsed at the edge."""

    q: str = Field("", max_length=MAX_SEARCH)
    sort: str
    desc: bool
    page: int = Field(1, ge=1, le=1_000_000)
    size: int = 50
    filters: dict[str, str] = {}

    @field_validator("size")
    @classmethod
    def _offered(cls, size: int) -> int:
        if size not in PAGE_SIZES:
            raise ValueError(f"page size {size} is not one of {PAGE_SIZES}")
        return size

    def query(self, **changes: Any) -> str:
        """The query string of this list with `changes` (e.g. another page), for links."""
        values: dict[str, Any] = {"q": self.q, "sort": self.sort, "desc": int(self.desc), "page": self.page}
        values |= {"size": self.size, **self.filters, **changes}
        return "?" + urlencode({k: v for k, v in values.items() if v not in ("", None)})


def parse(listing: Listing, params: Mapping[str, str]) -> ListRequest:
    """`params` as a ListRequest of `listing`: only its own sort keys and filters are kept."""
    sort = params.get("sort", "")
    chosen = sort if sort in listing.sorts else listing.default_sort
    desc = params.get("desc", "1" if listing.newest_first and sort not in listing.sorts else "0") == "1"
    filters = {name: params[name][:64] for name in listing.filters if params.get(name)}
    try:
        return ListRequest.model_validate(
            {
                "q": params.get("q", "").strip(),
                "sort": chosen,
                "desc": desc,
                "page": params.get("page") or 1,
                "size": params.get("size") or 50,
                "filters": filters,
            }
        )
    except ValidationError as exc:
        fields = ", ".join(sorted({str(error["loc"][0]) for error in exc.errors()}))
        raise InputError("list_query_not_valid", fields=fields) from exc


def conditions(listing: Listing, asked: ListRequest) -> list[ColumnElement[bool]]:
    """The WHERE clauses of `asked`: its filters, and its search over the searched columns."""
    found = [_equals(listing.filters[name], value) for name, value in asked.filters.items()]
    if asked.q:
        pattern = "%" + asked.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found.append(or_(false(), *(column.ilike(pattern, escape="\\") for column in listing.searched)))
    return found


def _equals(column: ColumnElement[Any], value: str) -> ColumnElement[bool]:
    """A filter's condition: a yes/no column takes "1" or "0" (YES_NO), anything else its text."""
    if isinstance(column.type, Boolean):
        return column == (value == "1")
    return column == value


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a list, and how many rows matched in all."""

    rows: list[RowMapping]
    total: int
    asked: ListRequest

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.asked.size))

    @property
    def first(self) -> int:
        return (self.asked.page - 1) * self.asked.size + 1 if self.rows else 0

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1 if self.rows else 0


def fetch(conn: Connection, query: Select[Any], listing: Listing, asked: ListRequest, total: int | None = None) -> Page:
    """The page of `query` that `asked` names, sorted, searched and filtered in the database;
    `total` when the page already counted the matches (with its sums), else they are counted."""
    filtered = query.where(*conditions(listing, asked))
    if total is None:
        total = conn.execute(select(func.count()).select_from(filtered.order_by(None).subquery())).scalar_one()
    chosen = listing.sorts[asked.sort]
    columns = (*(chosen if isinstance(chosen, tuple) else (chosen,)), listing.key)
    ordered = filtered.order_by(*(column.desc() if asked.desc else column.asc() for column in columns))
    rows = conn.execute(ordered.limit(asked.size).offset((asked.page - 1) * asked.size)).mappings().all()
    return Page(list(rows), int(total), asked)


def choices(conn: Connection, column: ColumnElement[Any]) -> list[tuple[str, str]]:
    """A filter's options: the values `column` holds, each labelled by itself."""
    found = conn.execute(select(column).distinct().where(column.is_not(None)).order_by(column)).scalars()
    return [(value, value) for value in found]
