"""The issuer's Ed25519 key pair: one JSON file, readable by its owner only.

The file holds the issuer's DID, the public key, and the private key as PKCS#8 PEM. It lives
next to the store (``issuer-key.json`` in the store's folder) unless ``--key PATH`` or
``LEARNSYNC_ISSUER_KEY`` says otherwise. It is created atomically with mode 0600 and never
replaced unless asked to (``--force``).
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from learnsync.credentials.dids import did_key, public_key_multibase
from learnsync.errors import LearnsyncError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

KEY_FILE_NAME = "issuer-key.json"
KEY_FILE_VERSION = 1


class IssuerKeyError(LearnsyncError):
    """No usable issuer key: missing, unreadable, or not a learnsync key file."""


@dataclass(frozen=True)
class IssuerKey:
    """An issuer: its DID, the key that signs for it, and an optional display name."""

    did: str
    private_key: Ed25519PrivateKey
    name: str | None = None

    @property
    def public_key(self) -> bytes:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        return self.private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def public_key_multibase(self) -> str:
        return public_key_multibase(self.public_key)

    @property
    def verification_method(self) -> str:
        """The key's id in the DID document: ``DID#publicKeyMultibase``."""
        return f"{self.did}#{self.public_key_multibase}"

    def sign(self, data: bytes) -> bytes:
        return self.private_key.sign(data)

    def salt(self, credential_id: str) -> str:
        """The salt of a credential's hashed learner identity: secret-derived, so stable across
        exports of the same credential, and unguessable without the key."""
        import hashlib
        import hmac

        from cryptography.hazmat.primitives.serialization import (
            Encoding,
            NoEncryption,
            PrivateFormat,
        )

        secret = self.private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        message = f"learnsync identity salt\n{credential_id}".encode()
        return hmac.new(secret, message, hashlib.sha256).hexdigest()[:32]


def default_key_path(store: Path) -> Path:
    """Where the issuer key lives when no path is given: ``LEARNSYNC_ISSUER_KEY``, else beside
    the store."""
    configured = os.environ.get("LEARNSYNC_ISSUER_KEY")
    return Path(configured) if configured else store.parent / KEY_FILE_NAME


def new_issuer(did_web: str | None = None, name: str | None = None) -> IssuerKey:
    """A fresh Ed25519 key; the issuer is its ``did:key``, or the ``did:web`` given."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    private_key = Ed25519PrivateKey.generate()
    key = IssuerKey(did="", private_key=private_key, name=name)
    return IssuerKey(did=did_web or did_key(key.public_key), private_key=private_key, name=name)


def key_file_text(issuer: IssuerKey) -> str:
    from cryptography.hazmat.primitives.serialization import (
        Encoding,
        NoEncryption,
        PrivateFormat,
    )

    pem = issuer.private_key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    document = {
        "learnsync_issuer_key": KEY_FILE_VERSION,
        "did": issuer.did,
        "name": issuer.name,
        "verification_method": issuer.verification_method,
        "public_key_multibase": issuer.public_key_multibase,
        "private_key_pem": pem.decode("ascii"),
    }
    return json.dumps(document, indent=2) + "\n"


def save_new(issuer: IssuerKey, path: Path, *, force: bool) -> None:
    """Write the key file atomically, mode 0600; refuse to replace one unless ``force``."""
    if path.exists() and not force:
        raise IssuerKeyError(
            f"{path} already holds an issuer key; not replacing it (--force replaces it, "
            "and credentials signed with the old key then only verify if you keep it)"
        )
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    except OSError as error:
        raise IssuerKeyError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        os.fchmod(handle, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(key_file_text(issuer))
            stream.flush()
            os.fsync(stream.fileno())
        if force:
            os.replace(temporary, path)
        else:
            os.link(temporary, path)  # fails if a key appeared meanwhile: never clobbers
            os.unlink(temporary)
    except FileExistsError:
        Path(temporary).unlink(missing_ok=True)
        raise IssuerKeyError(f"{path} already holds an issuer key; not replacing it") from None
    except OSError as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink(missing_ok=True)
        raise IssuerKeyError(f"cannot write {path}: {error.strerror or error}") from None


def load(path: Path) -> IssuerKey:
    """Read a key file written by ``learnsync issuer init``."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.serialization import load_pem_private_key

    from learnsync.inputs import InputFileError, read_input_file

    try:
        text = read_input_file(path, what="issuer key", source=False).decode("utf-8")
    except InputFileError as error:
        if error.reason == "no such file":
            raise IssuerKeyError(
                f"no issuer key at {path}: create one with `learnsync issuer init`"
            ) from None
        raise IssuerKeyError(f"cannot read {path}: {error.system or error.reason}") from None
    except UnicodeDecodeError as error:
        raise IssuerKeyError(f"cannot read {path}: {error}") from None
    try:
        document: Any = json.loads(text)
    except ValueError as error:
        raise IssuerKeyError(f"{path}: not a learnsync issuer key file ({error})") from None
    try:
        if not isinstance(document, dict) or document.get("learnsync_issuer_key") != 1:
            raise ValueError("not a learnsync issuer key file")
        did, name, pem = document["did"], document.get("name"), document["private_key_pem"]
        if not isinstance(did, str) or not did.startswith(("did:key:", "did:web:")):
            raise ValueError("did: expected a did:key or did:web")
        if name is not None and not isinstance(name, str):
            raise ValueError("name: expected a string")
        if not isinstance(pem, str):
            raise ValueError("private_key_pem: expected a PEM string")
    except KeyError as error:
        raise IssuerKeyError(f"{path}: missing {error}") from None
    except ValueError as error:
        raise IssuerKeyError(f"{path}: {error}") from None
    try:
        private_key = load_pem_private_key(pem.encode("utf-8"), None)
    except (ValueError, TypeError):
        raise IssuerKeyError(
            f"{path}: private_key_pem: not an unencrypted PEM private key"
        ) from None
    if not isinstance(private_key, Ed25519PrivateKey):
        raise IssuerKeyError(f"{path}: private_key_pem: expected an Ed25519 key")
    issuer = IssuerKey(did=did, private_key=private_key, name=name)
    if did.startswith("did:key:") and did != did_key(issuer.public_key):
        raise IssuerKeyError(f"{path}: did: the did:key does not match the private key")
    return issuer


def open_to_others(path: Path) -> bool:
    """Whether the key file's permissions let anyone but its owner read or change it (POSIX)."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.name == "posix" and bool(mode & 0o077)
