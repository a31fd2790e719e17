"""The requirement graph of a course: what must be done before what.

Nodes are tasks and modules (a module stands for its required tasks); sessions have no
requirements of their own. Integer indices keep the graph cheap for 10,000-task courses.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from learnsync.course.findings import KeyPath
from learnsync.course.model import Course


@dataclass(frozen=True, slots=True)
class RequirementGraph:
    """``requires[n]`` lists the nodes that node ``n`` needs first. ``places[n]`` is where node
    ``n`` is in the file: ``(module index, task index)``, the task index -1 for a module.
    ``dependents`` is ``requires`` the other way round."""

    names: list[str]
    requires: list[list[int]]
    places: list[tuple[int, int]]
    dependents: list[list[int]]  # the nodes that require node ``n``, in node order

    def requirement_key(self, course: Course, node: int, target: int) -> KeyPath | None:
        """Where the file says that ``node`` requires ``target``; None for a module's own tasks."""
        module_index, task_index = self.places[node]
        if task_index < 0:
            return None
        task = course.modules[module_index].tasks[task_index]
        target_name = self.names[target]
        for require_index, required in enumerate(task.requires):
            if required == target_name:
                return ("module", module_index, "task", task_index, "requires", require_index)
        return None


def requirement_graph(course: Course) -> RequirementGraph:
    """The graph of tasks and modules; requirements naming nothing (or a session) are left out."""
    names: list[str] = []
    places: list[tuple[int, int]] = []
    index: dict[str, int] = {}
    for module_index, module in enumerate(course.modules):
        index.setdefault(module.id, len(names))
        names.append(module.id)
        places.append((module_index, -1))
        for task_index, task in enumerate(module.tasks):
            index.setdefault(task.id, len(names))
            names.append(task.id)
            places.append((module_index, task_index))
    requires: list[list[int]] = []
    for module in course.modules:
        requires.append([])
        module_requires = requires[-1]
        for task in module.tasks:
            if not task.optional:
                module_requires.append(len(requires))
            requires.append([index[name] for name in task.requires if name in index])
    dependents: list[list[int]] = [[] for _ in names]
    for node, required in enumerate(requires):
        for target in required:
            dependents[target].append(node)
    return RequirementGraph(names, requires, places, dependents)


def topological_order(graph: RequirementGraph) -> tuple[list[int], list[int]]:
    """Nodes in an order where each comes after all it requires (Kahn), and the nodes left over
    because they lie on or behind a cycle."""
    count = len(graph.names)
    dependents = graph.dependents
    waiting = [len(required) for required in graph.requires]
    order = [node for node in range(count) if not waiting[node]]
    for node in order:  # the list grows while it is read
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                order.append(dependent)
    return order, [node for node in range(count) if waiting[node]]


def preferred_order(graph: RequirementGraph, preference: Sequence[tuple[int, ...]]) -> list[int]:
    """The topological order that, at each step, takes the ready node with the least
    ``preference`` (ties by node index, which is file order). Nodes on cycles are left out."""
    dependents = graph.dependents
    waiting = [len(required) for required in graph.requires]
    if not any(preference):  # file order alone
        return _lowest_first(dependents, waiting)
    ready = [(*preference[node], node) for node in range(len(graph.names)) if not waiting[node]]
    heapq.heapify(ready)
    order: list[int] = []
    while ready:
        node = heapq.heappop(ready)[-1]
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(ready, (*preference[dependent], dependent))
    return order


def _lowest_first(dependents: list[list[int]], waiting: list[int]) -> list[int]:
    """The topological order that takes the lowest ready node at each step: a scan up the node
    numbers (a course mostly requires what comes before), with a heap only for the nodes that
    become ready behind the scan (a module after its last task; a task that requires a later
    one)."""
    count = len(waiting)
    behind: list[int] = []  # ready nodes below ``scan``: every ready node below it is here
    order: list[int] = []
    scan = 0
    while True:
        while scan < count and waiting[scan]:
            scan += 1  # not ready yet: the heap takes it when it is
        if behind:
            node = heapq.heappop(behind)  # below ``scan``, so below every ready node above it
        elif scan < count:
            node = scan
            scan += 1
        else:
            return order
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if not waiting[dependent] and dependent < scan:
                heapq.heappush(behind, dependent)


def find_cycles(
    course: Course, graph: RequirementGraph
) -> Iterator[tuple[list[str], KeyPath | None]]:
    """Each cycle once, as the names around it, with the requirement that closes it."""
    _, left_over = topological_order(graph)
    if not left_over:
        return
    white, grey, black = 0, 1, 2
    colour = [black] * len(graph.names)
    for node in left_over:
        colour[node] = white
    reported: set[int] = set()
    for root in left_over:
        if colour[root] != white:
            continue
        colour[root] = grey
        stack: list[tuple[int, int]] = [(root, 0)]
        while stack:
            node, next_edge = stack[-1]
            targets = graph.requires[node]
            if next_edge == len(targets):
                colour[node] = black
                stack.pop()
                continue
            stack[-1] = (node, next_edge + 1)
            target = targets[next_edge]
            if colour[target] == white:
                colour[target] = grey
                stack.append((target, 0))
            elif colour[target] == grey and target not in reported:
                path = [entry[0] for entry in stack]
                first = path.index(target)
                cycle = path[first:]
                reported.update(cycle)
                # the requirement written in the file nearest to closing the cycle
                edges = [(n, graph.requires[n][taken - 1]) for n, taken in stack[first:]]
                written = (graph.requirement_key(course, n, t) for n, t in reversed(edges))
                key = next((key for key in written if key is not None), None)
                yield [graph.names[n] for n in [*cycle, target]], key
