"""A plan's tasks as the bits of an integer, in plan order (task ``n`` is bit ``n``): a set of
tasks (done, required, in a module, due by a day) is one integer, so what a team view asks of
each learner (how many done, their effort, which are still open) is a few integer operations
instead of passes over the learner's done set. Pure."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from itertools import compress, repeat

from learnsync.planning.model import Plan, PlannedTask, TaskTable, task_column


class TaskBits:
    """The tasks of one plan, numbered in plan order."""

    __slots__ = ("_bit", "_efforts", "_known", "_planes", "ids", "tasks")

    def __init__(self, tasks: Sequence[PlannedTask]) -> None:
        self.tasks = tasks if type(tasks) is TaskTable else tuple(tasks)  # made when listed
        self.ids: tuple[str, ...] = tuple(task_column(self.tasks, "id"))
        self._bit: dict[str, int] | None = None
        self._efforts: tuple[int, ...] = tuple(task_column(self.tasks, "effort_minutes"))
        # the effort planes (``effort``), made once a set's effort has been asked for often
        # enough to pay for them: until then, the count of sets asked about
        self._planes: tuple[int, ...] | int = 0
        # id() of a done set -> the set (kept, so that no other object takes its id) and its bits
        self._known: dict[int, tuple[frozenset[str], int]] = {}

    @property
    def efforts(self) -> tuple[int, ...]:
        """Each task's effort in minutes, in plan order."""
        return self._efforts

    @property
    def bit(self) -> dict[str, int]:
        """Each task's id and its bit, made on first use (a done set read back from a snapshot
        with ``done_ids`` needs none)."""
        if self._bit is None:
            self._bit = dict(zip(self.ids, map(_BIT, range(len(self.ids))), strict=True))
        return self._bit

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
        bit = self.bit
        for task in tasks:
            mask |= bit[task.id]
        return mask

    def mask(self, ids: Collection[str]) -> int:
        """The set of the tasks among ``ids`` (ids of no task of the plan are left out); for a
        frozenset asked about again (a learner's done set, asked by every rule) or made by
        ``done_ids``, the same integer without a pass over it."""
        known = self._known.get(id(ids))
        if known is not None and known[0] is ids:
            return known[1]
        unique = ids if isinstance(ids, set | frozenset) else set(ids)
        if self._bit is None and len(unique) <= _FOUND_BY_SEARCH:
            mask = sum(map(self._search, unique))  # a few ids: no table of every task's bit
        else:
            mask = sum(map(self.bit.get, unique, repeat(0)))  # distinct bits: their union
        if isinstance(ids, frozenset):
            self._remember(ids, mask)
        return mask

    def _search(self, task_id: str) -> int:
        """The bit of ``task_id`` found by a search of the ids in C (0: no task of the plan):
        the bit ``bit`` gives it, that of the last task with the id (a plan that repeats an id
        comes only from a damaged store, and counts it for one task however it is looked up)."""
        ids = self.ids
        try:
            position = ids.index(task_id)
        except ValueError:
            return 0
        try:
            while True:  # the search goes on to the end of the ids (in C): one more is rare
                position = ids.index(task_id, position + 1)
        except ValueError:
            return _BIT(position)

    def with_ids(self, done: frozenset[str], ids: Collection[str]) -> frozenset[str]:
        """``done`` with ``ids`` (ids of tasks of this plan) added; ``mask`` of it is then known
        at no cost (a done set carried on by a completion, as ``mask`` of ``done`` was)."""
        added = done.union(ids)
        self._remember(added, self.mask(done) | self.mask(frozenset(ids)))
        return added

    def done_ids(self, mask: int) -> frozenset[str]:
        """The ids of the tasks of ``mask`` (a done set read back from a snapshot); ``mask`` of
        it is then ``mask`` at no cost."""
        ids = frozenset(compress(self.ids, _digits(mask)))
        self._remember(ids, mask)
        return ids

    def _remember(self, ids: frozenset[str], mask: int) -> None:
        if len(self._known) >= 65_536:
            self._known.clear()
        self._known[id(ids)] = (ids, mask)

    def effort(self, mask: int) -> int:
        """The effort in minutes of the tasks of ``mask``: the first few sets asked about are
        added up in one pass in C; after them, from the effort planes (plane k: the tasks whose
        effort has bit k set), a set's effort is its count in each plane times 2**k."""
        planes = self._planes
        if isinstance(planes, int):
            if planes < _SUMMED:
                self._planes = planes + 1
                return sum(compress(self._efforts, _digits(mask))) if mask else 0
            efforts = self._efforts
            top = max(efforts, default=0)
            self._planes = planes = tuple(
                sum(
                    _BIT(position) for position, effort in enumerate(efforts) if effort >> plane & 1
                )
                for plane in range(top.bit_length())
            )
        return sum((mask & plane).bit_count() << number for number, plane in enumerate(planes))

    def positions(self, mask: int) -> list[int]:
        """The positions of the tasks of ``mask``, in plan order (a pass in C)."""
        return list(compress(range(len(self.ids)), _digits(mask))) if mask else []

    def listed(self, mask: int) -> list[PlannedTask]:
        """The tasks of ``mask``, in plan order."""
        if not mask:
            return []
        if mask.bit_count() > 16:  # one pass in C (a TaskTable makes only those)
            if type(self.tasks) is TaskTable:
                return self.tasks.chosen(_digits(mask))
            return list(compress(self.tasks, _digits(mask)))
        digits = f"{mask:b}"[::-1]  # digit n is task n
        tasks = self.tasks
        found = []
        position = digits.find("1")
        while position >= 0:
            found.append(tasks[position])
            position = digits.find("1", position + 1)
        return found


def _digits(mask: int) -> bytes:
    """Byte n is 1 when bit n of ``mask`` is set, else 0 (up to its highest bit)."""
    return f"{mask:b}"[::-1].encode("ascii").translate(_ZERO_ONE)


_BIT = (1).__lshift__  # task n is bit n
_ZERO_ONE = bytes.maketrans(b"01", b"\x00\x01")
# sets whose effort is added up task by task before the planes are made: a plane costs a pass
# over the tasks, a sum a pass over the set's digits in C
_SUMMED = 32
# sets of at most this many ids (the tasks one ``done`` records) are found by searching the ids,
# each search a pass in C: cheaper than the table of every task's bit until that is made anyway
_FOUND_BY_SEARCH = 8
_MADE: list[tuple[Plan, TaskBits]] = []
