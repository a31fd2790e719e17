"""A plan's tasks as the bits of an integer, in plan order (task ``n`` is bit ``n``): a set of
tasks (done, required, in a module, due by a day) is one integer, so what a team view asks of
each learner (how many done, their effort, which are still open) is a few integer operations
instead of passes over the learner's done set. Pure."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import compress, repeat

from learnsync.planning.model import Plan, PlannedTask


class TaskBits:
    """The tasks of one plan, numbered in plan order."""

    __slots__ = ("_last", "_planes", "bit", "tasks")

    def __init__(self, tasks: Sequence[PlannedTask]) -> None:
        self.tasks = tuple(tasks)
        self.bit = {task.id: 1 << position for position, task in enumerate(self.tasks)}
        # plane k: the tasks whose effort has bit k set, so that a set's effort is the sum of
        # its count in each plane times 2**k
        top = max((task.effort_minutes for task in self.tasks), default=0)
        self._planes = tuple(
            self.set_of(task for task in self.tasks if task.effort_minutes >> plane & 1)
            for plane in range(top.bit_length())
        )
        self._last: tuple[frozenset[str], int] | None = None

    @classmethod
    def of(cls, plan: Plan) -> TaskBits:
        """The plan's tasks, numbered once for the last few plans seen (a cohort shares one)."""
        for known, bits in _MADE:
            if known is plan:
                return bits
        bits = cls(plan.tasks)
        _MADE.insert(0, (plan, bits))
        del _MADE[4:]
        return bits

    def set_of(self, tasks: Iterable[PlannedTask]) -> int:
        """The set of ``tasks`` (tasks of this plan)."""
        mask = 0
        for task in tasks:
            mask |= self.bit[task.id]
        return mask

    def mask(self, ids: Collection[str]) -> int:
        """The set of the tasks among ``ids`` (ids of no task of the plan are left out); for the
        same frozenset asked again (a learner's done set, asked by every rule), the same
        integer without a second pass."""
        last = self._last
        if last is not None and last[0] is ids:
            return last[1]
        unique = ids if isinstance(ids, set | frozenset) else set(ids)
        mask = sum(map(self.bit.get, unique, repeat(0)))  # distinct bits: the sum is the union
        if isinstance(ids, frozenset):
            self._last = (ids, mask)
        return mask

    def effort(self, mask: int) -> int:
        """The effort in minutes of the tasks of ``mask``."""
        return sum(
            (mask & plane).bit_count() << number for number, plane in enumerate(self._planes)
        )

    def listed(self, mask: int) -> list[PlannedTask]:
        """The tasks of ``mask``, in plan order."""
        if not mask:
            return []
        digits = f"{mask:b}"[::-1]  # digit n is task n
        if mask.bit_count() > 16:  # one pass in C over the digits made bytes 0 and 1
            return list(compress(self.tasks, digits.encode("ascii").translate(_ZERO_ONE)))
        tasks = self.tasks
        found = []
        position = digits.find("1")
        while position >= 0:
            found.append(tasks[position])
            position = digits.find("1", position + 1)
        return found


_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")
_MADE: list[tuple[Plan, TaskBits]] = []
