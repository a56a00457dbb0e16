"""A refused form comes back as it was typed, with the refusal next to the field it is about.

Posts redirect (so a reload never posts twice); on a refusal the values typed are kept in the
server-side session for the next page (passwords and PINs never are) with the field the
refusal names, and the form's template fills itself from them (templates/_form.html).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from office.payroll.errors import OfficeError

SESSION_KEY = "typed"
SECRET_FIELDS = frozenset({"csrf", "password", "pin"})
# Refusals that do not name their field: the form field each one is about.
FIELD_OF_KEY = {
    "bank_account_digits": "bank_account",
    "unknown_language": "language",
    "worker_exists": "worker_id",
    "no_worker": "worker_id",
    "unknown_product": "product_id",
    "unknown_count_mode": "count_mode",
    "piece_weight_not_number": "piece_weight_g",
    "piece_weight_positive": "piece_weight_g",
    "pin_digits": "pin",
    "pin_needed": "pin",
    "rate_unlikely": "rate_yuan",
    "rate_not_valid": "rate_yuan",
    "rate_in_closed_period": "effective_from",
    "period_ends_before_start": "end",
    "period_overlaps": "start",
    "adjustment_positive": "amount_yuan",
    "adjustment_kind": "kind",
    "reason_required": "reason",
    "not_a_time": "time",
    "check_out_before_check_in": "time",
    "no_site": "site",
    "confirm_disable": "confirm_disable",
    "photo_not_image": "photo_file",
    "photo_too_big": "photo_file",
}


@dataclass(frozen=True, slots=True)
class TypedForm:
    """What was typed into the form posted to `action`, and the refusal it met."""

    action: str
    values: Mapping[str, list[str]]
    field: str | None
    message: str

    def value(self, action: str, name: str, default: object = "") -> object:
        """The typed value of `name` when this form came back, else `default` (the stored value)."""
        if action != self.action or name not in self.values:
            return default
        return self.values[name][-1]

    def ticked(self, action: str, name: str, value: str, default: bool) -> bool:
        """Whether the checkbox `name` with `value` was ticked when this form came back."""
        return value in self.values.get(name, []) if action == self.action else default

    def error(self, action: str, name: str) -> str | None:
        return self.message if action == self.action and name == self.field else None


def field_of(error: OfficeError, values: Mapping[str, list[str]]) -> str | None:
    """The form field a refusal is about: the one it names, else the one its key is about, else
    the one holding the value it quotes ("'六分' is not an amount")."""
    named = error.values.get("field")
    if isinstance(named, str) and named:
        return named
    if error.key in FIELD_OF_KEY:
        return FIELD_OF_KEY[error.key]
    quoted = str(error.values.get("value", ""))
    return next((name for name, typed in values.items() if quoted and quoted[:20] in typed), None)


def remember(request: Request, form: Mapping[str, list[str]], error: OfficeError | None, message: str) -> None:
    """Keep what was typed into the form of this request for the page the browser goes back to."""
    values = {name: typed for name, typed in form.items() if name not in SECRET_FIELDS}
    field = field_of(error, values) if error else None
    request.session[SESSION_KEY] = {"action": request.url.path, "values": values, "field": field, "message": message}


def recall(request: Request) -> TypedForm | None:
    stored: dict[str, Any] | None = request.session.pop(SESSION_KEY, None)
    return TypedForm(**stored) if stored else None
