"""Generate large, valid course files for the benchmarks.

python benchmarks/generate.py --tasks 10000 --edges 20000 > big.toml
"""

from __future__ import annotations

import argparse
import random
import sys


def generate_course(tasks: int, edges: int, *, modules: int | None = None, seed: int = 7) -> str:
    """A valid course: ``tasks`` tasks in modules with deadlines, ``edges`` requires edges (a DAG).

    Deadlines are generous (each module is due well after its tasks could be done at one hour a
    day), so a synchronous plan exists.
    """
    rng = random.Random(seed)
    modules = modules or max(1, tasks // 100)
    per_module = -(-tasks // modules)
    requires: list[set[int]] = [set() for _ in range(tasks)]
    placed = 0
    while placed < edges:
        later = rng.randrange(1, tasks)
        earlier = rng.randrange(max(0, later - 300), later)
        if earlier not in requires[later]:
            requires[later].add(earlier)
            placed += 1
    lines = [
        "[course]",
        'id = "generated"',
        f'title = "Generated course with {tasks} tasks"',
        'mode = "sync"',
        "",
        "[calendar]",
        'timezone = "Europe/Berlin"',
        'daily = "8h"',
        'workdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]',
        "",
    ]
    minutes_so_far = 0
    for module in range(modules):
        first, last = module * per_module, min(tasks, (module + 1) * per_module)
        if first >= last:
            break
        module_minutes = sum(15 + (index % 4) * 15 for index in range(first, last))
        minutes_so_far += module_minutes
        due_day = minutes_so_far // (8 * 60) + 2 + module // 2
        lines += [
            "[[module]]",
            f'id = "module-{module}"',
            f'title = "Module {module}"',
            f'due = "day {due_day}"',
            "",
        ]
        for index in range(first, last):
            lines += [
                "[[module.task]]",
                f'id = "task-{index}"',
                f'title = "Task {index}: read, watch and practise"',
                f'kind = "{("reading", "video", "exercise", "quiz")[index % 4]}"',
                f"effort = {15 + (index % 4) * 15}",
            ]
            if requires[index]:
                names = ", ".join(f'"task-{other}"' for other in sorted(requires[index]))
                lines.append(f"requires = [{names}]")
            lines.append("")
    return "\n".join(lines)


def generate_small_course(number: int) -> str:
    return generate_course(12, 15, modules=3, seed=number).replace(
        'id = "generated"', f'id = "generated-{number}"'
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--edges", type=int, default=20_000)
    arguments = parser.parse_args()
    sys.stdout.write(generate_course(arguments.tasks, arguments.edges))


if __name__ == "__main__":
    main()
