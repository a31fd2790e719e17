"""The forecast with odds (learnsync.forecast): the history it draws from, the work left, and a
Monte Carlo that is reproducible for a seed and agrees with the steady walk when every day is
the same."""

from __future__ import annotations

import math
from datetime import date, timedelta
from itertools import compress
from pathlib import Path
from random import Random

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync import forecast as forecast_module
from learnsync.forecast import (
    MIN_HISTORY_DAYS,
    DeadlineOdds,
    WorkLeft,
    daily_history,
    forecast,
    simulate,
    steady_finish,
    work_left,
)
from learnsync.kept_draws import KEPT_DRAWS, read_kept_draws
from learnsync.planning.model import Plan, PlannedModule, PlannedTask, is_study_day

MONDAY = date(2027, 1, 4)
WEEKDAYS = frozenset(range(5))


def _task(
    id: str,
    effort: int,
    *,
    module: str = "m",
    deadline: date | None = None,
    optional: bool = False,
) -> PlannedTask:
    return PlannedTask(
        id=id,
        module=module,
        title=id,
        kind="reading",
        mode="sync",
        effort_minutes=effort,
        requires=(),
        optional=optional,
        points=10,
        tags=(),
        url=None,
        due=None,
        deadline=deadline,
        slots=(),
    )


def _plan(tasks: tuple[PlannedTask, ...], modules: tuple[PlannedModule, ...] = ()) -> Plan:
    return Plan(
        course_id="c",
        course_title="C",
        mode="sync",
        start=MONDAY,
        timezone="UTC",
        display_timezone="UTC",
        daily_minutes=60,
        tasks=tasks,
        sessions=(),
        forecast=None,
        modules=modules,
        workdays=("mon", "tue", "wed", "thu", "fri"),
        weekly_minutes=300,
    )


def test_history_is_each_study_day_before_today_with_days_off_added_to_the_day_before() -> None:
    worked = {
        date(2027, 1, 8): 30,  # Friday
        date(2027, 1, 9): 45,  # Saturday: counts for Friday
        date(2027, 1, 11): 20,  # Monday
        date(2027, 1, 13): 99,  # today: not over, left out
    }
    history = daily_history(worked, today=date(2027, 1, 13), start=MONDAY, workdays=WEEKDAYS)
    # Mon 4 .. Tue 12: seven study days
    assert history == [0, 0, 0, 0, 75, 20, 0]


def test_history_keeps_the_last_four_weeks_only() -> None:
    today = date(2027, 3, 1)
    worked = {today - timedelta(days=29): 500, today - timedelta(days=28): 40}
    history = daily_history(worked, today=today, start=MONDAY, workdays=range(7))
    assert len(history) == 28
    assert history[0] == 40
    assert sum(history) == 40


def test_work_left_counts_required_open_tasks_in_plan_order_and_names_each_deadline_ahead() -> None:
    module_due = date(2027, 1, 15)
    plan = _plan(
        (
            _task("done-one", 60, deadline=module_due),
            _task("own", 30, module="m", deadline=date(2027, 1, 12)),
            _task("past", 20, module="p", deadline=date(2027, 1, 6)),
            _task("in-module", 45, deadline=module_due),
            _task("extra", 500, deadline=module_due, optional=True),
        ),
        (PlannedModule("m", "M", "sync", module_due), PlannedModule("p", "P", "sync", None)),
    )
    work = work_left(plan, {"done-one"}, date(2027, 1, 11))
    assert work == WorkLeft(95, (("own", date(2027, 1, 12), 30), ("m", date(2027, 1, 15), 95)))


def test_the_forecast_is_the_same_for_the_same_seed_and_changes_with_another() -> None:
    history = [0, 30, 60, 90, 120, 0, 45, 0, 200, 15]
    work = WorkLeft(2000, (("a", date(2027, 1, 20), 400), ("b", date(2027, 2, 10), 1500)))

    def run(seed: int) -> object:
        forecast_module._SIMULATED.clear()
        return simulate(history, work, today=MONDAY, workdays=WEEKDAYS, seed=seed)

    first = run(7)
    assert run(7) == first
    assert run(8) != first


@settings(max_examples=60, deadline=None)
@given(
    daily=st.integers(1, 600),
    remaining=st.integers(1, 20_000),
    days=st.integers(1, 40),
    offset=st.integers(0, 6),
    workdays=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_with_the_same_minutes_every_day_p50_and_p90_are_the_steady_forecast(
    daily: int, remaining: int, days: int, offset: int, workdays: frozenset[int]
) -> None:
    today = MONDAY + timedelta(days=offset)
    due = today + timedelta(days=days)
    work = WorkLeft(remaining, (("d", due, remaining // 2),))
    result = simulate([daily] * 12, work, today=today, workdays=workdays, runs=50)
    steady = steady_finish(daily, remaining, today=today, workdays=workdays)
    assert result.p50 == steady
    assert result.p90 == steady
    meets = steady_finish(daily, remaining // 2, today=today, workdays=workdays)
    [odds] = result.deadlines
    assert odds.probability == (1.0 if meets is not None and meets <= due else 0.0)


def test_a_short_history_is_topped_up_with_the_plans_daily_time() -> None:
    plan = _plan((_task("a", 600),))
    today = date(2027, 1, 7)  # three study days of history: Mon, Tue, Wed
    result = forecast(plan, set(), {MONDAY: 60}, today, runs=100)
    assert result is not None
    assert result.history_days == 3
    assert result.prior_days == MIN_HISTORY_DAYS - 3
    assert result.history == (60, 0, 0) + (60,) * (MIN_HISTORY_DAYS - 3)


def test_no_work_ever_done_means_no_finish_and_no_deadline_met() -> None:
    work = WorkLeft(100, (("a", date(2027, 1, 8), 50),))
    result = simulate([0] * 10, work, today=MONDAY, workdays=WEEKDAYS)
    assert (result.p50, result.p90) == (None, None)
    assert result.deadlines == (DeadlineOdds("a", date(2027, 1, 8), 50, 0.0),)


def test_nothing_left_has_no_forecast() -> None:
    plan = _plan((_task("a", 60),))
    assert forecast(plan, {"a"}, {}, MONDAY) is None


def test_the_riskiest_deadline_is_the_least_likely_one() -> None:
    history = [0, 60, 120]
    work = WorkLeft(900, (("early", date(2027, 1, 5), 200), ("late", date(2027, 2, 1), 600)))
    result = simulate(history, work, today=MONDAY, workdays=WEEKDAYS, runs=400)
    assert result.riskiest is not None
    assert result.riskiest.id == "early"
    assert 0 < result.deadlines[1].probability <= 1
    assert result.p50 is not None and result.p90 is not None and result.p50 <= result.p90


def _walk(plan: Plan, done: set[str], today: date) -> WorkLeft:
    """The work left by its definition: one walk down the plan."""
    module_deadlines = {module.id: module.deadline for module in plan.modules}
    total = 0
    reach: dict[str, tuple[date, int]] = {}
    for task in plan.tasks:
        if task.optional or task.id in done:
            continue
        total += task.effort_minutes
        if task.deadline is None or task.deadline < today:
            continue
        key = task.module if module_deadlines.get(task.module) == task.deadline else task.id
        reach[key] = (task.deadline, total)
    ordered = sorted(reach.items(), key=lambda item: (item[1][0], item[1][1], item[0]))
    return WorkLeft(total, tuple((key, day, minutes) for key, (day, minutes) in ordered))


@settings(max_examples=80, deadline=None)
@given(
    shape=st.lists(
        st.tuples(
            st.integers(0, 2),  # module
            st.integers(5, 120),  # effort
            st.one_of(st.none(), st.integers(0, 12)),  # own deadline, days after Monday
            st.booleans(),  # optional
            st.booleans(),  # done
        ),
        max_size=12,
    ),
    module_days=st.lists(st.one_of(st.none(), st.integers(0, 12)), min_size=3, max_size=3),
    today_offset=st.integers(0, 12),
)
def test_work_left_is_the_walk_down_the_plan(
    shape: list[tuple[int, int, int | None, bool, bool]],
    module_days: list[int | None],
    today_offset: int,
) -> None:
    def day(offset: int | None) -> date | None:
        return None if offset is None else MONDAY + timedelta(days=offset)

    modules = tuple(
        PlannedModule(f"m{number}", "M", "sync", day(offset))
        for number, offset in enumerate(module_days)
    )
    tasks = []
    for number, (module, effort, own, optional, _) in enumerate(shape):
        module_due = day(module_days[module])
        own_due = day(own)
        deadline = min((d for d in (own_due, module_due) if d is not None), default=None)
        tasks.append(
            _task(f"t{number}", effort, module=f"m{module}", deadline=deadline, optional=optional)
        )
    plan = _plan(tuple(tasks), modules)
    done = {f"t{number}" for number, entry in enumerate(shape) if entry[4]} | {"gone"}
    today = MONDAY + timedelta(days=today_offset)
    assert work_left(plan, done, today) == _walk(plan, done, today)


def test_days_off_are_neither_history_nor_simulated_and_extra_days_are_both() -> None:
    tuesday, wednesday, saturday = (MONDAY + timedelta(days=n) for n in (1, 2, 5))
    worked = {MONDAY: 30, tuesday: 45}
    history = daily_history(
        worked,
        today=MONDAY + timedelta(days=7),
        start=MONDAY,
        workdays=WEEKDAYS,
        days_off={wednesday},
        extra_days={saturday},
    )
    assert history == [30, 45, 0, 0, 0]  # Mon, Tue, Thu, Fri, Sat
    work = WorkLeft(120, ())
    result = simulate([60] * 10, work, today=MONDAY, workdays=WEEKDAYS, days_off={MONDAY, tuesday})
    assert result.p50 == MONDAY + timedelta(days=3)  # Wednesday and Thursday
    assert (
        steady_finish(60, 120, today=MONDAY, workdays=WEEKDAYS, days_off={MONDAY, tuesday})
        == result.p50
    )


@settings(max_examples=60, deadline=None)
@given(
    daily=st.integers(1, 600),
    remaining=st.integers(1, 20_000),
    days=st.integers(0, 40),
    workdays=st.frozensets(st.integers(0, 6), min_size=1),
)
def test_with_steady_days_the_closed_form_is_the_simulation(
    daily: int, remaining: int, days: int, workdays: frozenset[int]
) -> None:
    work = WorkLeft(remaining, (("d", MONDAY + timedelta(days=days), remaining // 3),))
    closed = forecast_module.closed_form([daily] * 10, work, today=MONDAY, workdays=workdays)
    simulated = simulate([daily] * 10, work, today=MONDAY, workdays=workdays, runs=20)
    assert (closed.p50, closed.p90, closed.deadlines) == (
        simulated.p50,
        simulated.p90,
        simulated.deadlines,
    )


def test_far_ahead_the_closed_form_is_within_a_few_days_of_the_simulation() -> None:
    history = [0, 0, 30, 60, 90, 120, 240, 0, 45, 60]
    work = WorkLeft(6_000, (("far", date(2027, 6, 1), 4_000),))
    closed = forecast_module.closed_form(history, work, today=MONDAY, workdays=WEEKDAYS)
    simulated = simulate(history, work, today=MONDAY, workdays=WEEKDAYS)
    assert closed.p50 is not None and simulated.p50 is not None
    assert closed.p90 is not None and simulated.p90 is not None
    assert abs((closed.p50 - simulated.p50).days) <= 3
    assert abs((closed.p90 - simulated.p90).days) <= 5
    assert abs(closed.deadlines[0].probability - simulated.deadlines[0].probability) <= 0.03


@settings(max_examples=60, deadline=None)
@given(
    st.one_of(st.just(forecast_module.SEED), st.integers(0, 2**32)),
    st.integers(1, 60),
    st.one_of(st.just(forecast_module.RUNS), st.integers(1, 300)),
    st.integers(1, 6),
)
def test_the_draws_are_those_of_random_choices_for_the_seed(
    seed: int, size: int, runs: int, rows: int
) -> None:
    """Each study day's row of draws is ``Random(seed).choices(range(size), k=runs)``, row after
    row from one generator: forecasts made before the draws were sped up stay the same. (With
    ``size`` minutes of history 0 to ``size - 1``, the minutes drawn are the indices.)"""
    draws = forecast_module._Draws(seed, list(range(size)), runs)
    generator = Random(seed)
    expected = [generator.choices(range(size), k=runs) for _ in range(rows)]
    assert [list(draws.row()) for _ in range(rows)] == expected


def test_the_kept_draws_are_what_the_generator_draws() -> None:
    """The file of kept draws is what ``encode_kept_draws`` makes of the generator
    (``python tools/forecast_draws.py`` writes it): the seed, the runs, a row a day of the
    horizon, and for each draw the interval of ``random()`` it fell in."""
    with open(KEPT_DRAWS, "rb") as kept:
        assert kept.read() == forecast_module.encode_kept_draws()
    assert read_kept_draws() == forecast_module.kept_from_bytes(forecast_module.encode_kept_draws())


@settings(max_examples=8, deadline=None)
@given(st.integers(1, forecast_module.HISTORY_DAYS), st.integers(0, 2**32))
def test_rows_read_from_the_kept_draws_are_the_generators_to_the_horizon_and_past_it(
    size: int, mask_seed: int
) -> None:
    """For the forecast's seed and runs, every row of the horizon (read from the kept draws) and
    the rows after it (the generator's, from where the kept rows end) are
    ``Random(SEED).choices``'s, for every run or for the live runs only."""
    seed, runs = forecast_module.SEED, forecast_module.RUNS
    draws = forecast_module._Draws(seed, list(range(size)), runs, read_kept_draws())
    assert draws.kept is not None
    masks = Random(mask_seed)
    generator = Random(seed)
    for _ in range(forecast_module.HORIZON_DAYS + 4):
        live = [masks.random() < 0.7 for _ in range(runs)] if masks.random() < 0.5 else None
        row = generator.choices(range(size), k=runs)
        expected = row if live is None else list(compress(row, live))
        assert list(draws.row(live)) == expected


def test_each_kept_interval_gives_one_draw_for_every_history_length() -> None:
    """What makes the kept draws exact: within each interval between change points, every
    ``random()`` numerator gives the same ``floor(random() * size)`` for each history of 1 to
    ``HISTORY_DAYS`` days (its lowest and its highest numerator agree, and the index only
    grows), and every byte kept names an interval."""
    kept = read_kept_draws()
    assert kept is not None
    highs = [low - 1 for low in kept.lows[1:]] + [2**53 - 1]
    for size in range(1, forecast_module.HISTORY_DAYS + 1):
        for low, high in zip(kept.lows, highs, strict=True):
            assert forecast_module._index(low, size) == forecast_module._index(high, size)
    assert max(kept.codes) < len(kept.lows)


def test_a_damaged_kept_row_is_drawn_by_the_generator_from_there_on(tmp_path: Path) -> None:
    """A kept byte that names no interval (a damaged file) is not read as a draw: that row and
    the rest are the generator's, the same rows; intervals out of order are not read at all."""
    seed, runs = forecast_module.SEED, forecast_module.RUNS
    good = bytearray(forecast_module.encode_kept_draws(rows=3))
    damaged = bytearray(good)
    damaged[len(damaged) - runs - 1] = 255  # in the second row of three
    draws = forecast_module._Draws(
        seed, list(range(7)), runs, forecast_module.kept_from_bytes(bytes(damaged))
    )
    generator = Random(seed)
    assert [list(draws.row()) for _ in range(4)] == [
        generator.choices(range(7), k=runs) for _ in range(4)
    ]
    assert draws.kept is None
    header = forecast_module._HEADER.size
    swapped = bytearray(good)
    swapped[header : header + 16] = good[header + 8 : header + 16] + good[header : header + 8]
    assert forecast_module.kept_from_bytes(bytes(swapped)) is None


def test_without_the_kept_draws_the_generator_draws_the_same_rows(tmp_path: Path) -> None:
    """A file of kept draws that is missing, cut short, longer than it says or for another seed
    is not read (or not used): the generator draws the same rows; past the rows a file keeps,
    it draws on from where they end."""
    seed, runs = forecast_module.SEED, forecast_module.RUNS
    good = forecast_module.encode_kept_draws(rows=2)
    for name, content in [
        ("missing", None),
        ("header-cut", good[:10]),
        ("rows-cut", good[:-5]),
        ("longer", good + b"\x00"),
        ("other-seed", forecast_module.encode_kept_draws(seed=seed + 1, rows=2)),
        ("other-runs", forecast_module.encode_kept_draws(runs=runs - 1, rows=2)),
    ]:
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        draws = forecast_module._Draws(seed, list(range(7)), runs, read_kept_draws(str(path)))
        assert draws.kept is None, name
        generator = Random(seed)
        assert [list(draws.row()) for _ in range(3)] == [
            generator.choices(range(7), k=runs) for _ in range(3)
        ]
    path = tmp_path / "two-rows"
    path.write_bytes(good)
    draws = forecast_module._Draws(seed, list(range(7)), runs, read_kept_draws(str(path)))
    assert draws.kept is not None
    generator = Random(seed)
    assert [list(draws.row()) for _ in range(4)] == [
        generator.choices(range(7), k=runs) for _ in range(4)
    ]


def _simulated_by_the_method(
    history: list[int],
    work: WorkLeft,
    *,
    today: date,
    workdays: frozenset[int],
    runs: int,
    seed: int,
    horizon_days: int,
    with_p90: bool,
    days_off: frozenset[date],
    extra_days: frozenset[date],
) -> tuple[date | None, date | None, tuple[DeadlineOdds, ...]]:
    """The simulation as the module says it, day by day and run by run, with the draws of
    ``Random(seed).choices`` (a row a study day): p50, p90 and the deadlines' odds. A deadline
    is counted on its date as the walk reaches it, in the order given; one the walk never
    reaches (past the horizon, or dated before one given ahead of it) with the totals at the
    horizon."""
    generator = Random(seed)
    sample = history or [0]
    totals = [0] * runs
    remaining = work.minutes
    p50 = p90 = today if remaining <= 0 else None
    needed50, needed90 = math.ceil(runs * 0.5), math.ceil(runs * 0.9)
    pending = list(work.deadlines)
    odds = []
    for offset in range(horizon_days + 1):
        day = today + timedelta(days=offset)
        if is_study_day(day, workdays, days_off, extra_days):
            row = generator.choices(range(len(sample)), k=runs)
            totals = [total + sample[index] for total, index in zip(totals, row, strict=True)]
        while pending and pending[0][1] == day:
            key, when, minutes = pending.pop(0)
            met = sum(1 for total in totals if total >= minutes)
            odds.append(DeadlineOdds(key, when, minutes, round(met / runs, 3)))
        finished = sum(1 for total in totals if total >= remaining)
        if remaining > 0 and p50 is None and finished >= needed50:
            p50 = day
        if remaining > 0 and with_p90 and p90 is None and finished >= needed90:
            p90 = day
    for key, when, minutes in pending:
        met = sum(1 for total in totals if total >= minutes)
        odds.append(DeadlineOdds(key, when, minutes, round(met / runs, 3)))
    return p50, p90, tuple(sorted(odds, key=lambda o: (o.date, o.minutes_before, o.id)))


@settings(max_examples=150, deadline=None)
@given(
    history=st.lists(st.one_of(st.just(0), st.integers(0, 90), st.integers(0, 2_000)), max_size=30),
    remaining=st.integers(-10, 6_000),
    deadlines=st.lists(st.tuples(st.integers(-3, 80), st.integers(-10, 6_500)), max_size=5),
    in_order=st.booleans(),
    seed_and_runs=st.one_of(  # the forecast's own (its draws kept in a file) or any
        st.tuples(st.integers(0, 2**40), st.integers(1, 300)),
        st.just((forecast_module.SEED, forecast_module.RUNS)),
    ),
    horizon_days=st.integers(0, 100),
    with_p90=st.booleans(),
    workdays=st.frozensets(st.integers(0, 6)),
    days_off=st.frozensets(st.integers(0, 100), max_size=15),
    extra_days=st.frozensets(st.integers(0, 100), max_size=5),
)
def test_the_simulation_gives_exactly_what_the_method_gives_run_by_run_and_day_by_day(
    history: list[int],
    remaining: int,
    deadlines: list[tuple[int, int]],
    in_order: bool,
    seed_and_runs: tuple[int, int],
    horizon_days: int,
    with_p90: bool,
    workdays: frozenset[int],
    days_off: frozenset[int],
    extra_days: frozenset[int],
) -> None:
    seed, runs = seed_and_runs
    ahead = [
        (f"d{number}", MONDAY + timedelta(days=offset), minutes)
        for number, (offset, minutes) in enumerate(deadlines)
    ]
    if in_order:  # as work_left gives them
        ahead.sort(key=lambda item: (item[1], item[2], item[0]))
    work = WorkLeft(remaining, tuple(ahead))
    calendar = {
        "workdays": workdays,
        "days_off": frozenset(MONDAY + timedelta(days=n) for n in days_off),
        "extra_days": frozenset(MONDAY + timedelta(days=n) for n in extra_days),
    }
    result = simulate(
        history,
        work,
        today=MONDAY,
        runs=runs,
        seed=seed,
        horizon_days=horizon_days,
        with_p90=with_p90,
        kept=read_kept_draws(),  # used for the forecast's own seed and runs
        **calendar,  # type: ignore[arg-type]
    )
    assert (result.p50, result.p90, result.deadlines) == _simulated_by_the_method(
        history,
        work,
        today=MONDAY,
        runs=runs,
        seed=seed,
        horizon_days=horizon_days,
        with_p90=with_p90,
        **calendar,  # type: ignore[arg-type]
    )
