"""Write docs/json/*.schema.json: a JSON Schema (draft 2020-12) for each `--format json` output.

    python tools/json_schemas.py            # rewrite them
    python tools/json_schemas.py --check    # exit 1 when one is stale (the tests do this)

The tests also validate real outputs of every command against these schemas.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "json"
DRAFT = "https://json-schema.org/draft/2020-12/schema"

STRING = {"type": "string"}
INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
BOOLEAN = {"type": "boolean"}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}
CLOCK = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def obj(**properties: dict[str, Any]) -> dict[str, Any]:
    """An object with exactly these keys (all required); more may be added in later versions."""
    return {"type": "object", "required": list(properties), "properties": properties}


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def document(heading: str, /, **properties: dict[str, Any]) -> dict[str, Any]:
    schema = obj(schema_version={"const": 1}, **properties)
    return {"$schema": DRAFT, "title": heading, **schema}


REMINDER = obj(
    learner=STRING,
    course=STRING,
    kind={"enum": ["task", "session"]},
    id=STRING,
    title=STRING,
    state={"enum": ["overdue", "due", "starts"]},
    at=DATETIME,
    due=nullable(DATE),
)
COHORT = obj(start=DATE, name=nullable(STRING))
FINDING = obj(
    path=STRING,
    line=INTEGER,
    column=INTEGER,
    severity={"enum": ["error", "warning"]},
    code=STRING,
    message=STRING,
    key=STRING,
    hint=nullable(STRING),
    date_bound=BOOLEAN,
    cohorts=array(COHORT),
)
SLOT = obj(date=DATE, minutes=INTEGER)
PLANNED_TASK = obj(
    id=STRING,
    module=STRING,
    title=STRING,
    kind=STRING,
    mode={"enum": ["sync", "async", "hybrid"]},
    effort_minutes=INTEGER,
    requires=array(STRING),
    optional=BOOLEAN,
    points=INTEGER,
    tags=array(STRING),
    url=nullable(STRING),
    due=nullable(DATE),
    deadline=nullable(DATE),
    slots=array(SLOT),
)
SESSION = obj(
    id=STRING,
    title=STRING,
    start=DATETIME,
    end=DATETIME,
    mandatory=BOOLEAN,
    points=INTEGER,
    url=nullable(STRING),
)
NEXT_TASK = obj(
    id=STRING,
    title=STRING,
    module=STRING,
    kind=STRING,
    effort_minutes=INTEGER,
    due=nullable(DATE),
    deadline=nullable(DATE),
    optional=BOOLEAN,
)
DUE_TASK = obj(id=STRING, title=STRING, due=nullable(DATE), deadline=nullable(DATE))
CATCH_UP = nullable(
    obj(
        can_meet=BOOLEAN,
        daily_minutes=INTEGER,
        least_daily_minutes=nullable(INTEGER),
        missed=array(
            obj(
                kind={"enum": ["task", "module", "end"]},
                id=STRING,
                title=STRING,
                deadline=DATE,
                short_minutes=INTEGER,
            )
        ),
        until=nullable(DATE),
        max_daily_minutes=INTEGER,
        lost=array(
            obj(
                kind={"enum": ["task", "module", "end"]},
                id=STRING,
                title=STRING,
                deadline=DATE,
                tasks=array(STRING),
                points_lost=INTEGER,
            )
        ),
        points_lost=INTEGER,
        rest_daily_minutes=nullable(INTEGER),
        end=nullable(DATE),
    )
)
FORECAST = nullable(
    obj(
        p50=nullable(DATE),
        p90=nullable(DATE),
        deadlines=array(obj(id=STRING, date=DATE, probability=NUMBER, minutes_before=INTEGER)),
        remaining_minutes=INTEGER,
        history_days=INTEGER,
        prior_days=INTEGER,
        mean_daily_minutes=INTEGER,
        runs=INTEGER,
        seed=INTEGER,
        riskiest=nullable(obj(id=STRING, date=DATE, probability=NUMBER)),
    )
)
EARNED_ON = {
    **nullable(DATE),
    "description": "the learner's day earned_at falls on (their zone and day start), as their "
    "streak counts it",
}
REWARDS = {
    "points_gained": INTEGER,
    "points": INTEGER,
    "level": INTEGER,
    "points_to_next_level": nullable(INTEGER),
    "streak": INTEGER,
    "streak_weeks": nullable(INTEGER),
    "badges_earned": array(obj(id=STRING, title=STRING, earned_at=nullable(DATETIME))),
    "module_finished": array(STRING),
    "course_finished": BOOLEAN,
    "finished_on": nullable(DATE),
}
BLACKOUT = obj(**{"from": DATE, "to": DATE, "title": STRING})
NEXT_DEADLINE = obj(
    date=DATE,
    module=STRING,
    item=STRING,
    tasks_left=INTEGER,
    tasks=array(STRING),
    passed={
        **BOOLEAN,
        "description": "its end (midnight after its day in the course's zone) is past, "
        "as next's milestone says",
    },
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "check": document(
        "learnsync check --format json",
        valid=BOOLEAN,
        summary=obj(files=INTEGER, errors=INTEGER, warnings=INTEGER, skipped=INTEGER),
        files=array(
            obj(
                path=STRING,
                valid=BOOLEAN,
                course=nullable(STRING),
                errors=INTEGER,
                warnings=INTEGER,
                cohorts=array(COHORT),
            )
        ),
        findings=array(FINDING),
    ),
    "plan": document(
        "learnsync plan --format json",
        course=obj(id=STRING, title=STRING, iri=STRING),
        mode={"enum": ["sync", "async", "hybrid"]},
        start=DATE,
        finish=nullable(DATE),
        timezone=STRING,
        display_timezone=STRING,
        daily_minutes=INTEGER,
        end=nullable(DATE),
        focus=array(STRING),
        tasks=array(PLANNED_TASK),
        sessions=array(SESSION),
        forecast=nullable(
            obj(finish=nullable(DATE), weekly_minutes=INTEGER, effort_minutes=INTEGER)
        ),
        modules=array(obj(id=STRING, title=STRING, mode=STRING, deadline=nullable(DATE))),
        workdays=array(STRING),
        blackouts=array(BLACKOUT),
        calendar_data={
            "type": "object",
            "description": "the data sets the days off came from, each with its release "
            '(holidays: "0.109"); empty when the course names no country',
            "additionalProperties": STRING,
        },
        weekly_minutes=INTEGER,
        scoring=obj(
            late_penalty=NUMBER,
            levels=array(INTEGER),
            freeze_every=nullable(INTEGER),
            freeze_max=INTEGER,
            weekly_target=nullable(INTEGER),
        ),
        badges=array({"type": "object", "required": ["id", "title", "description", "rule"]}),
        day_start={**CLOCK, "description": "the hour the learner's day begins at, for streaks"},
        days_off=array(DATE),
        extra_study_days=array(DATE),
        warnings={
            **array(STRING),
            "description": "what a plan fitted to an end date (--end) leaves after it: "
            "\"mandatory session 'demo-day' is on Fri 22 Jan 2027, after the end date "
            '(Fri 15 Jan 2027)"',
        },
    ),
    "enroll": document(
        "learnsync enroll --format json",
        enrollment=obj(
            learner=STRING,
            course=STRING,
            title=STRING,
            mode=STRING,
            start=DATE,
            finish=nullable(DATE),
            daily_minutes=INTEGER,
            end=nullable(DATE),
            tasks=INTEGER,
            required=INTEGER,
            optional=INTEGER,
            enrolled_at=DATETIME,
            day_start=CLOCK,
            warnings=array(STRING),
        ),
    ),
    "enrollments": document(
        "learnsync enrollments --format json",
        enrollments=array(
            obj(
                learner=STRING,
                course=STRING,
                title=STRING,
                mode=STRING,
                start=DATE,
                done=INTEGER,
                total=INTEGER,
                optional_done=INTEGER,
                optional_total=INTEGER,
                counts=STRING,
                replans=INTEGER,
                finish_shift_days=INTEGER,
                enrolled_at=DATETIME,
                last_activity=nullable(DATETIME),
            )
        ),
    ),
    "next": document(
        "learnsync next --format json",
        learner=STRING,
        now=DATETIME,
        courses=array(
            obj(
                course=STRING,
                title=STRING,
                mode=STRING,
                today=DATE,
                behind_minutes=INTEGER,
                behind_tasks=array(STRING),
                overdue=array(NEXT_TASK),
                now={"type": "array", "items": {"allOf": [NEXT_TASK, obj(minutes_today=INTEGER)]}},
                sessions=array(
                    obj(
                        id=STRING,
                        title=STRING,
                        start=DATETIME,
                        end=DATETIME,
                        mandatory=BOOLEAN,
                        ended=BOOLEAN,
                    )
                ),
                upcoming_sessions=array(
                    obj(
                        id=STRING,
                        title=STRING,
                        start=DATETIME,
                        end=DATETIME,
                        mandatory=BOOLEAN,
                    )
                ),
                due_soon=array(NEXT_TASK),
                unlocked=array(NEXT_TASK),
                milestone=nullable(
                    obj(
                        module=STRING,
                        item=STRING,
                        due=DATE,
                        tasks_left=INTEGER,
                        tasks=array(STRING),
                        passed=BOOLEAN,
                    )
                ),
                catch_up=CATCH_UP,
            )
        ),
    ),
    "done": document(
        "learnsync done --format json",
        learner=STRING,
        course=STRING,
        recorded=array(
            obj(
                id=STRING,
                kind={"enum": ["done", "attended"]},
                at=DATETIME,
                event=INTEGER,
                late=nullable(BOOLEAN),
            )
        ),
        already_done=array(obj(id=STRING, at=nullable(DATETIME))),
        warnings=array(STRING),
        **REWARDS,
    ),
    "undo": document(
        "learnsync undo --format json",
        learner=STRING,
        course=STRING,
        undone=obj(id=STRING, at=DATETIME, event=INTEGER),
        **REWARDS,
    ),
    "replan": document(
        "learnsync replan --format json",
        learner=STRING,
        course=STRING,
        **{"from": DATE},
        tasks_left=INTEGER,
        finish=nullable(DATE),
        end=nullable(DATE),
        daily_minutes=INTEGER,
        course_changed=BOOLEAN,
        orphaned_events=array(STRING),
        undone_by_course=array(STRING),
        missed_deadlines=array(FINDING),
        replans=INTEGER,
        finish_shift_days=INTEGER,
        catch_up=CATCH_UP,
        daily_minutes_before=nullable(INTEGER),
    ),
    "status": document(
        "learnsync status --format json",
        learner=STRING,
        course=STRING,
        title=STRING,
        mode=STRING,
        today=DATE,
        done=INTEGER,
        total=INTEGER,
        percent=NUMBER,
        done_minutes=INTEGER,
        total_minutes=INTEGER,
        effort_percent=NUMBER,
        optional_done=INTEGER,
        optional_total=INTEGER,
        modules=array(
            obj(
                id=STRING,
                title=STRING,
                done=INTEGER,
                total=INTEGER,
                percent=NUMBER,
                done_minutes=INTEGER,
                total_minutes=INTEGER,
            )
        ),
        counts=STRING,
        on_track=nullable(BOOLEAN),
        behind=BOOLEAN,
        behind_tasks=INTEGER,
        behind_minutes=INTEGER,
        overdue=array(DUE_TASK),
        due_soon=array(DUE_TASK),
        on_time=INTEGER,
        late=INTEGER,
        with_deadline_done=INTEGER,
        on_time_rate=nullable(NUMBER),
        next_deadline=nullable(NEXT_DEADLINE),
        replans=INTEGER,
        finish_shift_days=INTEGER,
        points=INTEGER,
        level=INTEGER,
        next_level_at=nullable(INTEGER),
        points_to_next_level=nullable(INTEGER),
        streak_days=INTEGER,
        longest_streak=INTEGER,
        streak=obj(
            unit={"enum": ["days", "weeks"]},
            current=INTEGER,
            longest=INTEGER,
            weekly_target=nullable(INTEGER),
            day_start=CLOCK,
        ),
        freezes=nullable(obj(left=INTEGER, used=array(DATE), every=INTEGER, max=INTEGER)),
        badges=array(
            obj(id=STRING, title=STRING, earned_at=nullable(DATETIME), earned_on=EARNED_ON)
        ),
        next_badges=array(obj(id=STRING, title=STRING, progress=STRING, share=NUMBER)),
        planned_finish=nullable(DATE),
        weekly_pace_minutes=INTEGER,
        forecast_finish=nullable(DATE),
        finished_on=nullable(DATE),
        last_deadline=nullable(DATE),
        last_activity=nullable(DATETIME),
        forecast=FORECAST,
        catch_up=CATCH_UP,
        blackouts=array(BLACKOUT),
    ),
    "badges": document(
        "learnsync badges --format json",
        learner=STRING,
        course=STRING,
        title=STRING,
        badges=array(
            obj(
                id=STRING,
                title=STRING,
                description=STRING,
                rule=STRING,
                criteria=STRING,
                earned=BOOLEAN,
                earned_at=nullable(DATETIME),
                earned_on=EARNED_ON,
                current=INTEGER,
                target=INTEGER,
                progress=STRING,
            )
        ),
    ),
    "leaderboard": document(
        "learnsync leaderboard --format json",
        course=STRING,
        title=STRING,
        leaderboard=array(
            obj(
                rank=INTEGER,
                learner=STRING,
                points=INTEGER,
                level=INTEGER,
                on_time_rate=nullable(NUMBER),
                badges=INTEGER,
                percent=NUMBER,
                points_reached_at=nullable(DATETIME),
            )
        ),
    ),
    "report": document(
        "learnsync report --format json",
        course=STRING,
        title=STRING,
        learners=array(
            obj(
                learner=STRING,
                name=nullable(STRING),
                email=nullable(STRING),
                percent=NUMBER,
                done=INTEGER,
                total=INTEGER,
                optional_done=INTEGER,
                optional_total=INTEGER,
                counts=STRING,
                on_track=nullable(BOOLEAN),
                behind=BOOLEAN,
                behind_minutes=INTEGER,
                overdue=INTEGER,
                late=INTEGER,
                on_time_rate=nullable(NUMBER),
                points=INTEGER,
                level=INTEGER,
                badges=INTEGER,
                streak_days=INTEGER,
                streak_weeks=nullable(INTEGER),
                replans=INTEGER,
                finish_shift_days=INTEGER,
                next_deadline=nullable(DATE),
                last_activity=nullable(DATETIME),
                finished_on=nullable(DATE),
                forecast_p50=nullable(DATE),
                riskiest_deadline=nullable(STRING),
                riskiest_deadline_date=nullable(DATE),
                riskiest_deadline_probability=nullable(NUMBER),
                last_activity_days={
                    **nullable(INTEGER),
                    "description": "how many of the learner's days ago last_activity was "
                    "(0: their today; their zone and day start), null for none",
                },
            )
        ),
    ),
    "remind": document(
        "learnsync remind --format json",
        now=DATETIME,
        within_minutes=INTEGER,
        overdue=INTEGER,
        reminders=array(REMINDER),
        learners=array(
            obj(
                learner=STRING,
                name=nullable(STRING),
                email=nullable(STRING),
                timezone=STRING,
                items=array(
                    {
                        **REMINDER,
                        "required": [*REMINDER["required"], "timezone", "local_at"],
                        "properties": {
                            **REMINDER["properties"],
                            "timezone": STRING,
                            "local_at": DATETIME,
                        },
                    }
                ),
            )
        ),
    ),
    "export": document(
        "learnsync export --format json",
        events=array(
            obj(
                learner=STRING,
                course=STRING,
                event=INTEGER,
                kind={"enum": ["done", "undone", "attended"]},
                item=STRING,
                at=DATETIME,
                recorded_at=DATETIME,
                score=nullable(NUMBER),
                note=nullable(STRING),
                deadline=nullable(DATETIME),
                late=nullable(BOOLEAN),
                counts={
                    **BOOLEAN,
                    "description": "the event takes part in progress under the plan in force "
                    "(tracking.event_counts): false for a completion of the kind its item does "
                    "not take (see misfit) and for an id the plan no longer holds",
                },
                misfit={
                    **nullable(STRING),
                    "description": "why a completion of the other kind completes nothing "
                    "(a task attended, a session done: tracking.misfit), else null",
                },
            )
        ),
    ),
    "sync": document(
        "learnsync sync --format json",
        lrs=STRING,
        sent=INTEGER,
        already_there=INTEGER,
        batches=INTEGER,
    ),
    "attendance": document(
        "learnsync done SESSION --learner A --learner B (or --roster FILE) --format json",
        learners=array(
            obj(
                learner=STRING,
                course=STRING,
                recorded=array(obj(id=STRING, kind=STRING, at=DATETIME, event=INTEGER)),
                already_done=array(obj(id=STRING, at=nullable(DATETIME))),
            )
        ),
    ),
    "unenroll": document(
        "learnsync unenroll --format json",
        learner=STRING,
        course=STRING,
        action={"enum": ["withdrawn", "erased"]},
        events=INTEGER,
        at=DATETIME,
    ),
    "store-path": document("learnsync store path --format json", path=STRING, exists=BOOLEAN),
    "issuer": document(
        "learnsync issuer init / issuer show --format json",
        did=STRING,
        name=nullable(STRING),
        verification_method=STRING,
        public_key_multibase=STRING,
        key_file=STRING,
        did_document={"type": "object", "required": ["id"], "properties": {"id": STRING}},
        did_document_file=nullable(STRING),
        did_document_url=nullable(STRING),
    ),
    "verify": document(
        "learnsync verify --format json",
        valid=INTEGER,
        invalid=INTEGER,
        credentials=array(
            obj(
                path=STRING,
                valid=BOOLEAN,
                problems=array(STRING),
                id=nullable(STRING),
                name=nullable(STRING),
                issuer=nullable(STRING),
                valid_from=nullable(STRING),
                valid_until=nullable(STRING),
            )
        ),
    ),
    "store-rebuild": document(
        "learnsync store rebuild --format json",
        path=STRING,
        rebuilt=INTEGER,
        damaged=array(STRING),
    ),
}


def rendered() -> dict[str, str]:
    return {name: json.dumps(schema, indent=2) + "\n" for name, schema in SCHEMAS.items()}


def main() -> int:
    files = rendered()
    if sys.argv[1:] == ["--check"]:
        stale = [
            n
            for n, text in files.items()
            if not (FOLDER / f"{n}.schema.json").exists()
            or (FOLDER / f"{n}.schema.json").read_text() != text
        ]
        if stale:
            sys.stderr.write(
                f"stale JSON schemas in {FOLDER}: {', '.join(stale)}; run python tools/json_schemas.py\n"
            )
            return 1
        return 0
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (FOLDER / f"{name}.schema.json").write_text(text)
    sys.stderr.write(f"wrote {len(files)} schemas to {FOLDER}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
