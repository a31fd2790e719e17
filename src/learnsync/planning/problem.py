"""From a course to a scheduling problem: which tasks are scheduled, their releases, deadlines,
EDF keys and ranks. Pure; shared by the planner and its explanations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from learnsync.course.findings import KeyPath
from learnsync.course.graph import RequirementGraph, preferred_order
from learnsync.course.model import Course, Module, Task
from learnsync.course.values import DayRef
from learnsync.planning.calendar import SessionTimes, StudyCalendar
from learnsync.planning.model import Mode
from learnsync.planning.schedule import NO_DEADLINE, Job

END_KEY: KeyPath = ("end",)  # the end date of plan --end, as a deadline of every scheduled task


@dataclass(frozen=True, slots=True)
class Deadline:
    """A hard limit on a task: its day index, its date, and where the file sets it."""

    day: int
    date: date
    key: KeyPath
    label: str


@dataclass
class Problem:
    """The scheduled tasks of a course as jobs, in the order of ``tasks``."""

    course: Course
    graph: RequirementGraph
    tasks: list[tuple[int, Module, Task]]  # (node, module, task) of every task, file order
    modes: list[Mode]  # per task
    scheduled: list[bool]  # per task
    deadlines: list[Deadline | None]  # per task
    jobs: list[Job]  # per scheduled task, in the order of ``job_tasks``
    job_tasks: list[int]  # task position of each job


def _relative(due: DayRef, calendar: StudyCalendar) -> bool:
    """Whether a deadline is relative to the start: ``day N``, or a day relative to a live
    session held on a ``day N``."""
    if due.session is not None:
        return due.session in calendar.session_numbers
    return due.day is not None


def module_modes(course: Course, mode: Mode | None) -> list[Mode]:
    """The mode of each module: ``mode`` when given (it overrides the file), else the module's own
    or the course's."""
    return [mode or course.module_mode(module) for module in course.modules]


def build_problem(
    course: Course,
    calendar: StudyCalendar,
    sessions: Sequence[SessionTimes],
    mode: Mode | None,
    *,
    drop: frozenset[str] = frozenset(),
    deadline_overrides: dict[KeyPath, int] | None = None,
    relative_only: bool = False,
    end_day: int | None = None,
) -> Problem:
    """The scheduling problem; ``drop`` leaves tasks out, ``deadline_overrides`` moves deadlines
    (both used to explain what would make an infeasible plan feasible); ``relative_only`` leaves
    out deadlines on fixed dates; ``end_day`` is a deadline of every task that is not self-paced
    (``plan --end``), its key ``END_KEY``."""
    graph = course.requirements
    modes_by_module = module_modes(course, mode)
    overrides = deadline_overrides or {}
    end_deadline = None
    if end_day is not None:
        day = overrides.get(END_KEY, end_day)
        when = calendar.date_of(end_day)
        end_deadline = Deadline(day, calendar.date_of(day), END_KEY, f"the end date ({when})")
    tasks: list[tuple[int, Module, Task]] = []
    modes: list[Mode] = []
    deadlines: list[Deadline | None] = []
    node = 0
    for module_index, module in enumerate(course.modules):
        node += 1
        task_mode = modes_by_module[module_index]
        module_deadline = None
        if (
            task_mode != "async"
            and module.due is not None
            and not (relative_only and not _relative(module.due, calendar))
        ):
            key: KeyPath = ("module", module_index, "due")
            day = overrides.get(key, calendar.day_of(calendar.resolve(module.due)))
            label = f"module '{module.id}' (due {module.due})"
            module_deadline = Deadline(day, calendar.date_of(day), key, label)
        for task_index, task in enumerate(module.tasks):
            tasks.append((node, module, task))
            modes.append(task_mode)
            node += 1
            deadline = module_deadline
            if (
                task_mode == "sync"
                and task.due is not None
                and not (relative_only and not _relative(task.due, calendar))
            ):
                key = ("module", module_index, "task", task_index, "due")
                day = overrides.get(key, calendar.day_of(calendar.resolve(task.due)))
                if deadline is None or day < deadline.day:
                    label = f"task '{task.id}' (due {task.due})"
                    deadline = Deadline(day, calendar.date_of(day), key, label)
            if (
                end_deadline is not None
                and task_mode != "async"
                and (deadline is None or end_deadline.day < deadline.day)
            ):
                deadline = end_deadline
            deadlines.append(deadline)

    node_count = len(graph.names)
    order = preferred_order(graph, [()] * node_count)  # topological, closest to the file
    rank = [0] * node_count
    for position, node in enumerate(order):
        rank[node] = position

    if drop or "async" in modes:
        wanted = [False] * node_count
        for position, (task_node, _, task) in enumerate(tasks):
            if modes[position] != "async" and task.id not in drop:
                wanted[task_node] = True
        for current in reversed(order):  # what a scheduled task requires is scheduled too
            if wanted[current]:
                for required in graph.requires[current]:
                    wanted[required] = True
        scheduled = [wanted[task_node] and task.id not in drop for task_node, _, task in tasks]
    else:
        scheduled = [True] * len(tasks)

    release = [0] * node_count
    session_day = {
        session.id: calendar.day_of(session.start.astimezone(calendar.zone).date())
        for session in sessions
    }
    if session_day:
        for task_node, _, task in tasks:
            for required_id in task.requires:
                if required_id in session_day:
                    release[task_node] = max(release[task_node], session_day[required_id])
        for current in order:
            for required in graph.requires[current]:
                if release[required] > release[current]:
                    release[current] = release[required]

    key_of = [NO_DEADLINE] * node_count
    for position, (task_node, _, _) in enumerate(tasks):
        deadline = deadlines[position]
        if deadline is not None:
            key_of[task_node] = deadline.day
    for current in reversed(order):
        for required in graph.requires[current]:
            if key_of[current] < key_of[required]:
                key_of[required] = key_of[current]

    jobs: list[Job] = []
    job_tasks: list[int] = []
    for position, (task_node, _, task) in enumerate(tasks):
        if not scheduled[position]:
            continue
        deadline = deadlines[position]
        jobs.append(
            Job(
                effort=task.effort_minutes,
                release=max(0, release[task_node]),
                deadline=deadline.day if deadline is not None else None,
                key=key_of[task_node],
                rank=rank[task_node],
            )
        )
        job_tasks.append(position)
    return Problem(course, graph, tasks, modes, scheduled, deadlines, jobs, job_tasks)
