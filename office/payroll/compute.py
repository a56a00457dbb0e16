"""A pay period's wages from events, piece rates and pay rules (pure: no database, no web).

Every (worker, day) is priced as it was known at a moment (a period's close, or now).
A day of period P is paid in P as known at P's close; anything learned about it later
(a late tally, a correction, a check-out) is paid in the next period as the difference
between the day known at that period's close and at the previous close. Summed over the
periods, every piece is paid exactly once.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction

from office.payroll.attendance import Attendance, Issue, attendance
from office.payroll.errors import PeriodError
from office.payroll.holds import HoldBook
from office.payroll.ledger import LedgerEvent
from office.payroll.money import divide_half_up, round_half_up
from sync.protocol.events import CheckIn, CheckOut, Correction, Tally


@dataclass(frozen=True, slots=True)
class Period:
    period_id: int
    start: date
    end: date
    closed_at: datetime | None = None  # None while open: everything known so far counts

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


@dataclass(frozen=True, slots=True)
class Rate:
    """`rate_fen` for every `per_pieces` pieces, from `effective_from` until the next rate."""

    rate_id: int
    product_id: str
    effective_from: date
    rate_fen: int
    per_pieces: int = 1

    def amount(self, count: int) -> int:
        return divide_half_up(count * self.rate_fen, self.per_pieces)


@dataclass(frozen=True, slots=True)
class PayRule:
    """Optional rules seen in the field; all zero means plain piece rates."""

    effective_from: date
    min_per_hour_fen: int = 0  # guaranteed per attended hour (topped up when pieces pay less)
    min_per_day_fen: int = 0  # guaranteed per attended day
    base_per_day_fen: int = 0  # paid per attended day on top of the pieces (base + performance)

    @property
    def guarantees(self) -> bool:
        """A day under this rule may be topped up, so it needs its own piece pay."""
        return bool(self.min_per_day_fen or self.min_per_hour_fen)


class RateBook:
    """The rate in force for a product on a day.

    A day's piece pay is summed exactly in integers over `denominator` (a multiple of every
    `per_pieces`), not in `Fraction`s: a month has a hundred thousand worker-product-days.
    """

    def __init__(self, rates: Iterable[Rate]) -> None:
        self.by_id: dict[int, Rate] = {}
        self._by_product: dict[str, list[Rate]] = defaultdict(list)
        for rate in sorted(rates, key=lambda r: r.effective_from):
            self.by_id[rate.rate_id] = rate
            self._by_product[rate.product_id].append(rate)
        self._starts = {p: [r.effective_from for r in rs] for p, rs in self._by_product.items()}
        self._found: dict[tuple[str, date], Rate | None] = {}
        self.denominator = math.lcm(*(r.per_pieces for r in self.by_id.values()))

    def at(self, product_id: str, day: date) -> Rate | None:
        key = (product_id, day)
        if key not in self._found:
            index = bisect.bisect_right(self._starts.get(product_id, []), day) - 1
            self._found[key] = self._by_product[product_id][index] if index >= 0 else None
        return self._found[key]

    @property
    def changes(self) -> set[date]:
        """The days some product's rate changes on."""
        return {rate.effective_from for rate in self.by_id.values()}

    def rated(self, day: date) -> frozenset[str]:
        """The products with a rate on `day`."""
        return frozenset(product_id for product_id in self._by_product if self.at(product_id, day) is not None)

    def numerator(self, rate: Rate, count: int) -> int:
        """`count` pieces' exact pay (fen, a fraction) × `denominator`."""
        return count * rate.rate_fen * (self.denominator // rate.per_pieces)


class RuleBook:
    def __init__(self, rules: Iterable[PayRule]) -> None:
        self._rules = sorted(rules, key=lambda r: r.effective_from)
        self._starts = [r.effective_from for r in self._rules]
        self._found: dict[date, PayRule] = {}

    @property
    def changes(self) -> set[date]:
        """The days the pay rule changes on."""
        return set(self._starts)

    def at(self, day: date) -> PayRule:
        if day not in self._found:
            index = bisect.bisect_right(self._starts, day) - 1
            self._found[day] = self._rules[index] if index >= 0 else PayRule(date.min)
        return self._found[day]


# A worker's day as the database summed it (office.payroll.store): (product_id, count) of the
# tallies paid as they are (no correction names them, none is above its per-tally limit or
# accepted, and their day stays under its limit whatever the order, so none can be held).
DaySums = Sequence[tuple[str, int]]


@dataclass(frozen=True, slots=True)
class PlainSpan:
    """Days `first`..`last` of a period under one rule with no guarantee, over which no rate
    changes: a worker's pieces of a product there are paid at one rate whatever the day, and
    time and base pay add up day by day, so the database may sum them across the days."""

    first: date
    last: date
    products: frozenset[str]  # those with a rate over the span (the others are priced day by day)


def plain_spans(period: Period, rates: RateBook, rules: RuleBook) -> list[PlainSpan]:
    """The period's days under rules with no guarantee, cut wherever a rate or the rule changes."""
    after = period.end + timedelta(days=1)
    cuts = sorted(day for day in rates.changes | rules.changes if period.start < day <= period.end)
    return [
        PlainSpan(first, until - timedelta(days=1), rates.rated(first))
        for first, until in zip([period.start, *cuts], [*cuts, after], strict=True)
        if not rules.at(first).guarantees
    ]


@dataclass(slots=True)
class SpanTotals:
    """What the database summed over one worker's plain days of one `PlainSpan` (office.payroll.store):
    pieces per product (less the tallies read one by one) and the usual days' time and count."""

    pieces: dict[str, int] = field(default_factory=dict)
    seconds: int = 0
    days_attended: int = 0


def _sum_trace_id(worker_id: str, product_id: str, day: date) -> str:
    """The id a sum of tallies is traced and flagged under (it has no event of its own)."""
    return f"sum:{worker_id}:{product_id}:{day.isoformat()}"


@dataclass(frozen=True, slots=True)
class TallyTrace:
    """One tally as paid: where every number on a slip comes from."""

    event_id: str
    worker_id: str
    product_id: str
    day: date
    original: int
    effective: int
    correction_ids: tuple[str, ...]
    rate_id: int | None
    held: str | None = None  # office.payroll.holds: why it is not paid (effective is then 0)


@dataclass(frozen=True, slots=True)
class DayPay:
    pieces: dict[tuple[str, int | None], int]  # (product_id, rate_id) -> effective count
    piece_units: int  # the exact piece pay × `denominator` (a fraction of a fen, summed in integers)
    denominator: int
    top_up_fen: int
    base_fen: int
    seconds: int
    attended: bool
    issues: tuple[Issue, ...]
    tallies: tuple[TallyTrace, ...]

    @property
    def piece_exact(self) -> Fraction:
        return Fraction(self.piece_units, self.denominator)


@dataclass(frozen=True, slots=True)
class PayLine:
    kind: str  # piece | top_up | base | carry | back_pay | bonus | deduction
    product_id: str | None
    rate_id: int | None
    count: int
    amount_fen: int
    origin_period_id: int | None = None  # set on adjustments and carries: the closed period it comes from
    note: str = ""  # why a hand-made line is there, as the clerk wrote it


@dataclass(frozen=True, slots=True)
class Adjustment:
    """Why a closed period's day is paid again: the events that arrived after its close."""

    worker_id: str
    day: date
    origin_period_id: int
    last_paid_at: datetime  # the close the day was last paid at
    late_event_ids: tuple[str, ...]
    amount_fen: int  # the day's difference before pay lines are rounded


@dataclass
class WorkerPay:
    worker_id: str
    lines: list[PayLine] = field(default_factory=list)
    seconds: int = 0
    days_attended: int = 0

    @property
    def total_fen(self) -> int:
        return sum(line.amount_fen for line in self.lines)

    @property
    def pieces(self) -> int:
        """Pieces paid over all products (a Jinja filter chain for it was half the period page's rendering)."""
        return sum(line.count for line in self.lines if line.kind == "piece")


@dataclass
class PeriodPayroll:
    period: Period
    workers: dict[str, WorkerPay]
    issues: list[Issue]
    adjustments: list[Adjustment]
    tallies: dict[str, list[TallyTrace]]  # worker -> the tallies of the period's own days
    unreadable: list[str] = field(default_factory=list)

    @property
    def total_fen(self) -> int:
        return sum(pay.total_fen for pay in self.workers.values())


def _order(event: LedgerEvent) -> tuple[int, str, int]:
    return event.order


def _known(event: LedgerEvent, cut: datetime | None) -> bool:
    return cut is None or event.received_at <= cut


def day_pay(
    worker_id: str,
    day: date,
    events: Sequence[LedgerEvent],
    corrections: dict[str, list[LedgerEvent]],
    cut: datetime | None,
    rates: RateBook,
    rules: RuleBook,
    holds: HoldBook,
    sums: DaySums = (),
    presence: Attendance | None = None,
    trace_sums: bool = True,
) -> DayPay:
    """One worker's day as known at `cut`: pieces per rate, guarantee top-up, base pay; tallies
    held as implausible (office.payroll.holds) are listed as issues and not paid. `sums` and
    `presence` come from the database (office.payroll.store) in place of the day's own tallies
    and check-ins/outs; `sums` are traced only when `trace_sums`."""
    pieces: dict[tuple[str, int | None], int] = defaultdict(int)
    exact = 0  # × rates.denominator
    traces: list[TallyTrace] = []
    issues: list[Issue] = []
    checks: list[LedgerEvent] = []
    paid_today: dict[str, int] = defaultdict(int)
    for product_id, count in sums:
        rate = rates.at(product_id, day)
        if rate is None:
            issues.append(Issue(worker_id, day, "no_rate", _sum_trace_id(worker_id, product_id, day), product_id))
        else:
            exact += rates.numerator(rate, count)
        rate_id = rate.rate_id if rate else None
        pieces[(product_id, rate_id)] += count
        paid_today[product_id] += count
        if trace_sums:
            trace_id = _sum_trace_id(worker_id, product_id, day)
            traces.append(TallyTrace(trace_id, worker_id, product_id, day, count, count, (), rate_id))
    for event in sorted(events, key=_order) if events else ():
        if not _known(event, cut):
            continue
        payload = event.payload
        if isinstance(payload, CheckIn | CheckOut):
            checks.append(event)
            continue
        assert isinstance(payload, Tally)
        count, applied = payload.count, []
        for fix in corrections.get(event.event_id, ()):
            if _known(fix, cut):
                assert isinstance(fix.payload, Correction)
                count = 0 if fix.payload.void else int(fix.payload.new_count or 0)
                applied.append(fix.event_id)
        held = holds.hold(event.event_id, payload.product_id, count, paid_today[payload.product_id], cut)
        if held is not None:
            issues.append(Issue(worker_id, day, held, event.event_id, f"{payload.product_id} × {count}"))
            traces.append(
                TallyTrace(
                    event.event_id, worker_id, payload.product_id, day, payload.count, 0, tuple(applied), None, held
                )
            )
            continue
        paid_today[payload.product_id] += count
        rate = rates.at(payload.product_id, day)
        if rate is None:
            issues.append(Issue(worker_id, day, "no_rate", event.event_id, payload.product_id))
        else:
            exact += rates.numerator(rate, count)
        pieces[(payload.product_id, rate.rate_id if rate else None)] += count
        traces.append(
            TallyTrace(
                event.event_id,
                worker_id,
                payload.product_id,
                day,
                payload.count,
                count,
                tuple(applied),
                rate.rate_id if rate else None,
            )
        )
    if presence is None:
        presence = attendance(worker_id, day, checks)
    rule = rules.at(day)
    top_up = 0
    if rule.guarantees:
        guarantee = max(
            Fraction(rule.min_per_day_fen if presence.attended else 0),
            Fraction(rule.min_per_hour_fen * presence.seconds, 3600),
        )
        top_up = max(0, round_half_up(guarantee - Fraction(exact, rates.denominator)))
    return DayPay(
        pieces=pieces,
        piece_units=exact,
        denominator=rates.denominator,
        top_up_fen=top_up,
        base_fen=rule.base_per_day_fen if presence.attended else 0,
        seconds=presence.seconds,
        attended=presence.attended,
        issues=(*presence.issues, *issues),
        tallies=tuple(traces),
    )


class _Totals:
    """Counts and fen gathered for one worker before they become pay lines."""

    def __init__(self) -> None:
        self.pieces: dict[tuple[int | None, str, int | None], int] = defaultdict(int)
        self.top_up: dict[int | None, int] = defaultdict(int)
        self.base: dict[int | None, int] = defaultdict(int)

    def add(self, pay: DayPay, origin: int | None, sign: int = 1) -> None:
        for (product_id, rate_id), count in pay.pieces.items():
            self.pieces[(origin, product_id, rate_id)] += sign * count
        self.top_up[origin] += sign * pay.top_up_fen
        self.base[origin] += sign * pay.base_fen

    def lines(self, rates: RateBook) -> list[PayLine]:
        lines = []
        for (origin, product_id, rate_id), count in sorted(self.pieces.items(), key=_line_key):
            amount = rates.by_id[rate_id].amount(count) if rate_id is not None else 0
            if count or amount:
                lines.append(PayLine("piece", product_id, rate_id, count, amount, origin))
        for kind, amounts in (("top_up", self.top_up), ("base", self.base)):
            for origin, amount in sorted(amounts.items(), key=lambda kv: kv[0] or 0):
                if amount:
                    lines.append(PayLine(kind, None, None, 0, amount, origin))
        return lines


def _line_key(item: tuple[tuple[int | None, str, int | None], int]) -> tuple[int, str, int]:
    (origin, product_id, rate_id), _ = item
    return (origin or 0, product_id, rate_id or 0)


def compute_period(
    periods: Sequence[Period],
    period_id: int,
    events: Iterable[LedgerEvent],
    rates: Iterable[Rate],
    rules: Iterable[PayRule] = (),
    holds: HoldBook | None = None,
    sums: Mapping[tuple[str, date], DaySums] | None = None,
    presences: Mapping[tuple[str, date], Attendance] | None = None,
    trace_sums: bool = True,
    span_totals: Mapping[tuple[str, PlainSpan], SpanTotals] | None = None,
) -> PeriodPayroll:
    """Wages of `period_id`: its own days as known at its cut, plus adjustments of earlier days.

    `periods` must not overlap; events outside every period are not paid by this call. `sums`
    stand for tallies of the period's own days known at its cut, `presences` for the check-ins/outs
    of those days, `span_totals` for both over a worker's plain days (office.payroll.store);
    `tallies` holds the sums only when `trace_sums`.
    """
    ordered = sorted(periods, key=lambda p: p.start)
    index = next((i for i, p in enumerate(ordered) if p.period_id == period_id), None)
    if index is None:
        raise PeriodError("no_period", period_id=period_id)
    period = ordered[index]
    previous = ordered[index - 1] if index > 0 else None
    rate_book, rule_book = RateBook(rates), RuleBook(rules)
    holds = holds or HoldBook()
    starts = [p.start for p in ordered]

    days: dict[tuple[str, date], list[LedgerEvent]] = defaultdict(list)
    corrections: dict[str, list[LedgerEvent]] = defaultdict(list)
    for event in events:
        if isinstance(event.payload, Correction):
            corrections[event.payload.target_event_id].append(event)
        elif isinstance(event.payload, Tally | CheckIn | CheckOut):
            days[(event.payload.worker_id, event.local_date)].append(event)
    for fixes in corrections.values():
        fixes.sort(key=lambda e: e.order)
    known_ids = {e.event_id for day_events in days.values() for e in day_events}
    since = previous.closed_at if previous is not None else None
    totals: dict[str, _Totals] = defaultdict(_Totals)
    result = PeriodPayroll(period, {}, [], [], defaultdict(list))
    # A summed day of this period with no event of its own, under a rule with no guarantee, is
    # paid its pieces and base as they are: straight to the totals, not through `day_pay`.
    plain = set() if trace_sums else _plain_days(period, rule_book)
    sums, presences = sums or {}, presences or {}
    for worker_day in (*sums, *presences):
        if worker_day[1] not in plain or worker_day in days:
            days.setdefault(worker_day, [])
    _add_summed(result, totals, {k: v for k, v in sums.items() if k not in days}, rate_book)
    _add_present(result, totals, {k: v for k, v in presences.items() if k not in days}, rule_book)
    for (worker_id, span), span_sums in (span_totals or {}).items():
        _add_span(result, totals, worker_id, span, span_sums, rate_book, rule_book)

    for (worker_id, day), day_events in days.items():
        home = bisect.bisect_right(starts, day) - 1
        if home < 0 or day > ordered[home].end or home > index:
            continue
        if home == index:
            pay = day_pay(
                worker_id,
                day,
                day_events,
                corrections,
                period.closed_at,
                rate_book,
                rule_book,
                holds,
                sums.get((worker_id, day), ()),
                presences.get((worker_id, day)),
                trace_sums,
            )
            totals[worker_id].add(pay, None)
            worker = result.workers.setdefault(worker_id, WorkerPay(worker_id))
            worker.seconds += pay.seconds
            worker.days_attended += int(pay.attended)
            result.issues.extend(pay.issues)
            result.tallies[worker_id].extend(pay.tallies)
        elif previous is not None and previous.closed_at is not None:
            _adjust(
                result,
                totals,
                worker_id,
                day,
                day_events,
                corrections,
                ordered[home],
                previous,
                rate_book,
                rule_book,
                holds,
            )
    result.issues.extend(_orphans(corrections, known_ids, since, period.closed_at))
    for worker_id, worker_totals in totals.items():
        worker = result.workers.setdefault(worker_id, WorkerPay(worker_id))
        worker.lines = worker_totals.lines(rate_book)
    result.workers = {w: pay for w, pay in sorted(result.workers.items()) if pay.lines or pay.seconds}
    result.tallies = dict(result.tallies)
    return result


def _plain_days(period: Period, rules: RuleBook) -> set[date]:
    """The period's days under a rule with no guarantee: their pay adds up day by day."""
    days = (period.start + timedelta(days=n) for n in range((period.end - period.start).days + 1))
    return {day for day in days if not rules.at(day).guarantees}


def _add_summed(
    result: PeriodPayroll, totals: dict[str, _Totals], sums: Mapping[tuple[str, date], DaySums], rates: RateBook
) -> None:
    """Pieces of plain days (see `compute_period`) as `day_pay` would price them, without a
    `DayPay` per worker-day: a month has tens of thousands of them."""
    for (worker_id, day), day_sums in sums.items():
        pieces = totals[worker_id].pieces
        for product_id, count in day_sums:
            rate = rates.at(product_id, day)
            if rate is None:
                trace_id = _sum_trace_id(worker_id, product_id, day)
                result.issues.append(Issue(worker_id, day, "no_rate", trace_id, product_id))
            pieces[(None, product_id, rate.rate_id if rate else None)] += count
        if worker_id not in result.workers:
            result.workers[worker_id] = WorkerPay(worker_id)


def _add_present(
    result: PeriodPayroll,
    totals: dict[str, _Totals],
    presences: Mapping[tuple[str, date], Attendance],
    rules: RuleBook,
) -> None:
    """Time and base pay of plain days (see `compute_period`), as `day_pay` would give them."""
    for (worker_id, day), presence in presences.items():
        worker = result.workers.get(worker_id)
        if worker is None:
            worker = result.workers[worker_id] = WorkerPay(worker_id)
        worker.seconds += presence.seconds
        if presence.attended:
            worker.days_attended += 1
            totals[worker_id].base[None] += rules.at(day).base_per_day_fen
        result.issues.extend(presence.issues)


def _add_span(
    result: PeriodPayroll,
    totals: dict[str, _Totals],
    worker_id: str,
    span: PlainSpan,
    summed: SpanTotals,
    rates: RateBook,
    rules: RuleBook,
) -> None:
    """Pieces, time and base pay of a worker's plain days over a span, as `day_pay` would give
    them day by day (one rate per product and one rule over the span)."""
    worker = result.workers.get(worker_id)
    if worker is None:
        worker = result.workers[worker_id] = WorkerPay(worker_id)
    pieces = totals[worker_id].pieces
    for product_id, count in summed.pieces.items():
        rate = rates.at(product_id, span.first)
        assert rate is not None, f"{product_id} has no rate over {span}: its days come one by one"
        pieces[(None, product_id, rate.rate_id)] += count
    worker.seconds += summed.seconds
    worker.days_attended += summed.days_attended
    totals[worker_id].base[None] += summed.days_attended * rules.at(span.first).base_per_day_fen


def _orphans(
    corrections: dict[str, list[LedgerEvent]], known_ids: set[str], since: datetime | None, cut: datetime | None
) -> list[Issue]:
    """Corrections new to this period whose tally was not given: they cannot be paid, so say so."""
    issues = []
    for target, fixes in corrections.items():
        if target in known_ids:
            continue
        for fix in fixes:
            if _known(fix, cut) and (since is None or fix.received_at > since):
                assert isinstance(fix.payload, Correction)
                issues.append(
                    Issue(fix.payload.worker_id, fix.local_date, "correction_without_tally", fix.event_id, target)
                )
    return issues


def _adjust(
    result: PeriodPayroll,
    totals: dict[str, _Totals],
    worker_id: str,
    day: date,
    day_events: list[LedgerEvent],
    corrections: dict[str, list[LedgerEvent]],
    origin: Period,
    previous: Period,
    rates: RateBook,
    rules: RuleBook,
    holds: HoldBook,
) -> None:
    """Pay in this period what became known about an earlier day since the previous close
    (late events, and acceptances of held tallies)."""
    before, now = previous.closed_at, result.period.closed_at
    assert before is not None
    related = [*day_events, *(fix for e in day_events for fix in corrections.get(e.event_id, ()))]
    late = [
        e
        for e in related
        if (e.received_at > before and _known(e, now)) or holds.accepted_between(e.event_id, before, now)
    ]
    if not late:
        return
    old = day_pay(worker_id, day, day_events, corrections, before, rates, rules, holds)
    new = day_pay(worker_id, day, day_events, corrections, now, rates, rules, holds)
    totals[worker_id].add(new, origin.period_id)
    totals[worker_id].add(old, origin.period_id, sign=-1)
    amount = round_half_up(new.piece_exact - old.piece_exact) + new.top_up_fen - old.top_up_fen
    amount += new.base_fen - old.base_fen
    result.adjustments.append(
        Adjustment(worker_id, day, origin.period_id, before, tuple(e.event_id for e in late), amount)
    )
