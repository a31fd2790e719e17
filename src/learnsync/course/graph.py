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
    """``requires[n]`` lists the nodes that node ``n`` needs first; ``keys[n][i]`` is where the
    i-th of them is written in the file (None for a module's implicit need of its tasks)."""

    names: list[str]
    requires: list[list[int]]
    keys: list[list[KeyPath | None]]


def requirement_graph(course: Course) -> RequirementGraph:
    """The graph of tasks and modules; requirements naming nothing (or a session) are left out."""
    names: list[str] = []
    index: dict[str, int] = {}
    for module in course.modules:
        index.setdefault(module.id, len(names))
        names.append(module.id)
        for task in module.tasks:
            index.setdefault(task.id, len(names))
            names.append(task.id)
    requires: list[list[int]] = [[] for _ in names]
    keys: list[list[KeyPath | None]] = [[] for _ in names]
    position = 0
    for module_index, module in enumerate(course.modules):
        module_node = position
        position += 1
        for task_index, task in enumerate(module.tasks):
            task_node = position
            position += 1
            if not task.optional:
                requires[module_node].append(task_node)
                keys[module_node].append(None)
            for require_index, required in enumerate(task.requires):
                target = index.get(required)
                if target is not None:
                    requires[task_node].append(target)
                    keys[task_node].append(
                        ("module", module_index, "task", task_index, "requires", require_index)
                    )
    return RequirementGraph(names, requires, keys)


def _dependents(graph: RequirementGraph) -> list[list[int]]:
    dependents: list[list[int]] = [[] for _ in graph.names]
    for node, required in enumerate(graph.requires):
        for target in required:
            dependents[target].append(node)
    return dependents


def topological_order(graph: RequirementGraph) -> tuple[list[int], list[int]]:
    """Nodes in an order where each comes after all it requires (Kahn), and the nodes left over
    because they lie on or behind a cycle."""
    count = len(graph.names)
    dependents = _dependents(graph)
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
    dependents = _dependents(graph)
    waiting = [len(required) for required in graph.requires]
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


def find_cycles(graph: RequirementGraph) -> Iterator[tuple[list[str], KeyPath | None]]:
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
                edges = [(n, taken - 1) for n, taken in stack[first:]]
                written = [graph.keys[n][edge] for n, edge in reversed(edges)]
                key = next((key for key in written if key is not None), None)
                yield [graph.names[n] for n in [*cycle, target]], key
