"""The order closest to the file: at each step the lowest-numbered node whose requirements are
all done, whatever the graph (edges back, edges forward, cycles)."""

from __future__ import annotations

import heapq

from hypothesis import given, settings
from hypothesis import strategies as st

from learnsync.course.graph import RequirementGraph, preferred_order


def _graph(requires: list[list[int]]) -> RequirementGraph:
    dependents: list[list[int]] = [[] for _ in requires]
    for node, required in enumerate(requires):
        for target in required:
            dependents[target].append(node)
    names = [f"n{node}" for node in range(len(requires))]
    return RequirementGraph(
        names, requires, [(0, node) for node in range(len(requires))], dependents
    )


def _lowest_ready_first(requires: list[list[int]]) -> list[int]:
    """The specification: a heap of every ready node, the lowest taken first."""
    waiting = [len(required) for required in requires]
    dependents = _graph(requires).dependents
    ready = [node for node, count in enumerate(waiting) if not count]
    heapq.heapify(ready)
    order = []
    while ready:
        node = heapq.heappop(ready)
        order.append(node)
        for dependent in dependents[node]:
            waiting[dependent] -= 1
            if not waiting[dependent]:
                heapq.heappush(ready, dependent)
    return order


GRAPHS = st.integers(0, 40).flatmap(
    lambda count: st.lists(
        st.lists(st.integers(0, count - 1), max_size=4) if count else st.just([]),
        min_size=count,
        max_size=count,
    )
)


@settings(max_examples=400, deadline=None)
@given(GRAPHS)
def test_the_file_order_takes_the_lowest_ready_node_at_each_step(
    requires: list[list[int]],
) -> None:
    graph = _graph(requires)
    assert preferred_order(graph, [()] * len(requires)) == _lowest_ready_first(requires)


@settings(max_examples=200, deadline=None)
@given(GRAPHS.map(lambda requires: [[t for t in r if t < n] for n, r in enumerate(requires)]))
def test_a_graph_that_only_requires_earlier_nodes_keeps_the_file_order(
    requires: list[list[int]],
) -> None:
    graph = _graph(requires)
    assert preferred_order(graph, [()] * len(requires)) == list(range(len(requires)))


def test_a_module_comes_right_after_its_last_task() -> None:
    # module 0 requires its tasks 1 and 2; task 3 requires task 1; module 4 requires task 5
    requires = [[1, 2], [], [], [1], [5], []]
    assert preferred_order(_graph(requires), [()] * 6) == [1, 2, 0, 3, 5, 4]
