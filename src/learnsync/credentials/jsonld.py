"""JSON-LD without the network: the shipped contexts and RDF canonicalisation (RDFC-1.0)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from learnsync.errors import LearnsyncError

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
_FILES = {VC_V2: "credentials-v2.jsonld", OB_V3P0: "ob-v3p0-context-3.0.3.json"}


class UnknownContextError(LearnsyncError):
    """A document names a JSON-LD context that learnsync does not ship (and will not fetch)."""


@cache
def context_document(url: str) -> dict[str, Any]:
    """The shipped context document for ``url``; UnknownContextError for any other URL."""
    name = _FILES.get(url)
    if name is None:
        raise UnknownContextError(f"unknown JSON-LD context {url} (learnsync works offline)")
    text = resources.files("learnsync.credentials").joinpath("contexts", name).read_text("utf-8")
    document: dict[str, Any] = json.loads(text)
    return document


def _offline_loader(url: str, options: object = None) -> dict[str, Any]:
    # "static": the documents never change, so pyld keeps each resolved context for the whole
    # process instead of resolving it again for every credential (a third of the signing time)
    document = context_document(url)
    return {"contextUrl": None, "documentUrl": url, "document": document, "tag": "static"}


def canonical_nquads(document: dict[str, Any]) -> str:
    """The RDFC-1.0 canonical N-Quads of a JSON-LD document, every context from the package."""
    from pyld import jsonld  # type: ignore[import-untyped]

    try:
        text: str = jsonld.normalize(
            document,
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": _offline_loader,
                "safe": True,
            },
        )
    except jsonld.JsonLdError as error:
        cause = _root_cause(error)
        if isinstance(cause, UnknownContextError):
            raise cause from None
        raise LearnsyncError(f"not valid JSON-LD: {cause}") from None
    return text


def _root_cause(error: BaseException) -> BaseException:
    while True:
        cause = getattr(error, "cause", None) or error.__cause__
        if cause is None or cause is error:
            return error
        error = cause
