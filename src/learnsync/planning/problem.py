"""From a course to a scheduling problem: which tasks are scheduled, their releases, deadlines,
EDF keys and ranks. Pure; shared by the planner and its explanations."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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
    # per task, the deadlines that bound it (module, own, end date; ``deadlines`` has the
    # earliest, the first of equals), and the tasks' nodes in topological order: what
    # ``with_deadlines`` needs to move deadlines without building the problem again
    bounds: list[tuple[Deadline, ...]] = field(default_factory=list)
    order: list[int] = field(default_factory=list)


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
    bounds: list[tuple[Deadline, ...]] = []
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
            bound: list[Deadline] = [module_deadline] if module_deadline is not None else []
            if (
                task_mode == "sync"
                and task.due is not None
                and not (relative_only and not _relative(task.due, calendar))
            ):
                key = ("module", module_index, "task", task_index, "due")
                day = overrides.get(key, calendar.day_of(calendar.resolve(task.due)))
                label = f"task '{task.id}' (due {task.due})"
                bound.append(Deadline(day, calendar.date_of(day), key, label))
            if end_deadline is not None and task_mode != "async":
                bound.append(end_deadline)
            bounds.append(tuple(bound))
            deadlines.append(earliest(bound))

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

    key_of = _edf_keys(
        graph, tasks, order, [None if deadline is None else deadline.day for deadline in deadlines]
    )
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
    return Problem(
        course, graph, tasks, modes, scheduled, deadlines, jobs, job_tasks, bounds, order
    )


def earliest(bound: Sequence[Deadline]) -> Deadline | None:
    """A task's deadline among those that bound it (its module's, its own, the end date): the
    earliest day, the first of equals."""
    if len(bound) < 2:  # most tasks: their module's deadline alone, or none
        return bound[0] if bound else None
    return min(bound, key=lambda deadline: deadline.day)


def _edf_keys(
    graph: RequirementGraph,
    tasks: Sequence[tuple[int, Module, Task]],
    order: Sequence[int],
    days: Sequence[int | None],
) -> list[int]:
    """Each node's EDF key: its task's deadline day, or the earliest of what requires it."""
    key_of = [NO_DEADLINE] * len(graph.names)
    for position, (task_node, _, _) in enumerate(tasks):
        day = days[position]
        if day is not None:
            key_of[task_node] = day
    requires = graph.requires
    for current in reversed(order):
        for required in requires[current]:
            if key_of[current] < key_of[required]:
                key_of[required] = key_of[current]
    return key_of


def with_deadlines(problem: Problem, overrides: dict[KeyPath, int]) -> list[Job]:
    """The jobs of ``problem`` with deadlines moved (``overrides``, on top of those it was built
    with): the jobs ``build_problem`` makes with both, without building it again (only the
    deadlines and EDF keys change; what is scheduled, releases and ranks do not)."""
    days: list[int | None] = [
        min(overrides.get(deadline.key, deadline.day) for deadline in bound) if bound else None
        for bound in problem.bounds
    ]
    key_of = _edf_keys(problem.graph, problem.tasks, problem.order, days)
    tasks = problem.tasks
    return [
        Job(job.effort, job.release, days[position], key_of[tasks[position][0]], job.rank)
        for job, position in zip(problem.jobs, problem.job_tasks, strict=True)
    ]
