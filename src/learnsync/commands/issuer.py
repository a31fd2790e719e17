"""``learnsync issuer init`` and ``issuer show``: the key and DID that sign badge credentials.

Secrets are never printed: only the DID, the public key and where the files are.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from learnsync.credentials.keys import IssuerKey
from learnsync.errors import UsageError
from learnsync.options import issuer_key_path

SCHEMA_VERSION = 1


def run_init(
    key: Path | None,
    did_web: str | None,
    did_json: Path | None,
    name: str | None,
    force: bool,
    store_option: str | None,
    output_format: str,
) -> int:
    from learnsync.credentials import dids
    from learnsync.credentials.keys import new_issuer, save_new

    if did_json is not None and did_web is None:
        raise UsageError("--did-json goes with --did-web")
    try:
        did = dids.did_web(did_web) if did_web is not None else None
    except dids.DidError as error:
        raise UsageError(f"--did-web: {error}") from None
    path = issuer_key_path(key, store_option)
    issuer = new_issuer(did, name=name.strip() or None if name else None)
    save_new(issuer, path, force=force)
    document_path = None
    if did is not None:
        document_path = did_json or path.parent / "did.json"
        _write_did_document(issuer, document_path)
    if output_format == "json":
        _print_json(issuer, path, document_path)
        return 0
    out = sys.stdout
    out.write(f"created the issuer key {path} (readable by you only: back it up)\n")
    _print_text(issuer, path, document_path)
    return 0


def run_show(key: Path | None, store_option: str | None, output_format: str) -> int:
    from learnsync.credentials.keys import load
    from learnsync.output import warn_if_open

    path = issuer_key_path(key, store_option)
    issuer = load(path)
    warn_if_open(path)
    if output_format == "json":
        _print_json(issuer, path, None)
    else:
        _print_text(issuer, path, None)
    return 0


def _write_did_document(issuer: IssuerKey, path: Path) -> None:
    """Write the did.json to publish; keys an earlier did.json listed for this DID stay in it
    (after the new one), so credentials they signed keep verifying."""
    from learnsync.credentials.dids import did_document
    from learnsync.inputs import InputFileError, read_input_file
    from learnsync.output import write_output

    keys = [issuer.public_key_multibase]
    try:
        previous: Any = json.loads(read_input_file(path, what="DID document", source=False))
    except (InputFileError, ValueError):
        previous = None
    if isinstance(previous, dict) and previous.get("id") == issuer.did:
        for method in previous.get("verificationMethod") or []:
            value = method.get("publicKeyMultibase") if isinstance(method, dict) else None
            if isinstance(value, str) and value not in keys:
                keys.append(value)
    document = did_document(issuer.did, keys)
    write_output(path, json.dumps(document, indent=2) + "\n")


def _record(issuer: IssuerKey, path: Path, document_path: Path | None) -> dict[str, Any]:
    from learnsync.credentials.dids import did_document, did_web_url

    web = issuer.did.startswith("did:web:")
    return {
        "schema_version": SCHEMA_VERSION,
        "did": issuer.did,
        "name": issuer.name,
        "verification_method": issuer.verification_method,
        "public_key_multibase": issuer.public_key_multibase,
        "key_file": str(path),
        "did_document": did_document(issuer.did, [issuer.public_key_multibase]),
        "did_document_file": str(document_path) if document_path else None,
        "did_document_url": did_web_url(issuer.did) if web else None,
    }


def _print_json(issuer: IssuerKey, path: Path, document_path: Path | None) -> None:
    from learnsync.output import print_json

    print_json(_record(issuer, path, document_path))


def _print_text(issuer: IssuerKey, path: Path, document_path: Path | None) -> None:
    from learnsync.render.safe_text import printable

    record = _record(issuer, path, document_path)
    rows = [("issuer", issuer.did)]
    if issuer.name:
        rows.append(("name", issuer.name))
    rows += [("key", issuer.verification_method), ("key file", str(path))]
    if record["did_document_url"]:
        where = f"{document_path}, to publish at " if document_path else "publish it at "
        rows.append(("did.json", where + record["did_document_url"]))
    for label, value in rows:
        sys.stdout.write(f"{label:<9} {printable(value)}\n")
