"""``learnsync verify``: check Open Badges 3.0 credentials offline, one line per credential."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from learnsync.errors import UsageError

SCHEMA_VERSION = 1


def run(paths: list[Path], did_json: list[Path], schema: Path | None, output_format: str) -> int:
    from learnsync.clock import now as current_time

    did_documents = _did_documents(did_json)
    validator = _schema_validator(schema) if schema else None
    now = current_time()
    records = [_check(path, now, did_documents, validator) for path in _files(paths)]
    if output_format == "json":
        from learnsync.output import print_json

        valid = sum(record["valid"] for record in records)
        print_json(
            {
                "schema_version": SCHEMA_VERSION,
                "valid": valid,
                "invalid": len(records) - valid,
                "credentials": records,
            }
        )
    else:
        from learnsync.render.safe_text import printable

        for record in records:
            sys.stdout.write(printable(_line(record)) + "\n")
    return 0 if all(record["valid"] for record in records) else 1


def _line(record: dict[str, Any]) -> str:
    if record["valid"]:
        return f"{record['path']}: valid: {record['name']!r} issued by {record['issuer']}"
    problems = record["problems"]
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{record['path']}: invalid: {problems[0]}{more}"


def _files(paths: list[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        files.extend(sorted(path.glob("*.json")) if path.is_dir() else [path])
    return files


def _check(
    path: Path, now: Any, did_documents: dict[str, dict[str, Any]], validator: Any
) -> dict[str, Any]:
    from learnsync.credentials.verification import credential_problems
    from learnsync.inputs import InputFileError, read_input_file

    document: Any = None
    try:
        document = json.loads(read_input_file(path, what="credential").decode("utf-8"))
    except InputFileError as error:
        problems = [f"cannot read it: {error.system or error.reason}"]
    except UnicodeDecodeError:
        problems = ["not UTF-8 text"]
    except ValueError as error:
        problems = [f"not JSON: {error}"]
    else:
        problems = credential_problems(document, now, did_documents)
        if validator is not None:
            problems += [
                f"schema: {'/'.join(map(str, e.absolute_path)) or '(document)'}: {e.message}"
                for e in validator.iter_errors(document)
            ]
    fields = document if isinstance(document, dict) else {}
    issuer = fields.get("issuer")
    issuer = issuer.get("id") if isinstance(issuer, dict) else issuer
    return {
        "path": str(path),
        "valid": not problems,
        "problems": problems,
        "id": _text(fields.get("id")),
        "name": _text(fields.get("name")),
        "issuer": _text(issuer),
        "valid_from": _text(fields.get("validFrom")),
        "valid_until": _text(fields.get("validUntil")),
    }


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _did_documents(paths: list[Path]) -> dict[str, dict[str, Any]]:
    from learnsync.credentials.dids import DidError, did_document_id
    from learnsync.inputs import InputFileError, read_input_file

    documents = {}
    for path in paths:
        try:
            document = json.loads(read_input_file(path, what="DID document").decode("utf-8"))
            documents[did_document_id(document)] = document
        except InputFileError as error:
            reason = error.system or error.reason
            raise UsageError(f"--did-json: cannot read {path}: {reason}") from None
        except (ValueError, DidError) as error:
            raise UsageError(f"--did-json: {path}: {error}") from None
    return documents


def _schema_validator(path: Path) -> Any:
    try:
        import jsonschema  # type: ignore[import-untyped]
    except ImportError:
        raise UsageError("--schema needs the jsonschema package: pip install jsonschema") from None
    from learnsync.inputs import InputFileError, read_input_file

    try:
        schema = json.loads(read_input_file(path, what="JSON Schema").decode("utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except InputFileError as error:
        reason = error.system or error.reason
        raise UsageError(f"--schema: cannot read {path}: {reason}") from None
    except (ValueError, jsonschema.SchemaError) as error:
        raise UsageError(f"--schema: {path} is not a JSON Schema: {error}") from None
    return cls(schema)
