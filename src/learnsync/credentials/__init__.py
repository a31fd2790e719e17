"""Verifiable credentials: the issuer's key and DID, Data Integrity proofs, verification.

learnsync signs Open Badges 3.0 credentials with an embedded Data Integrity proof, cryptosuite
``eddsa-rdfc-2022`` (W3C vc-di-eddsa): RDF canonicalisation by pyld, Ed25519 by cryptography.
Nothing here goes to the network: JSON-LD contexts ship with the package, ``did:key`` decodes
offline and ``did:web`` resolves only from a ``did.json`` file the caller names.
"""
