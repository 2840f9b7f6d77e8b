"""The cryptographic core of Open Badges 3.0 in Jalons.

- ``multibase``: base58btc, multibase and Ed25519 Multikey encodings.
- ``keys``: Ed25519 key pairs and the encryption of private keys at rest.
- ``loader``: the offline JSON-LD document loader (bundled contexts, fail closed).
- ``canonical``: RDFC-1.0 canonicalization in "safe mode".
- ``data_integrity``: ``DataIntegrityProof`` with the ``eddsa-rdfc-2022`` cryptosuite.

Private keys are plain ``bytes`` handled only inside these functions: nothing here logs
them, puts them in an exception message or keeps them in an object's ``repr``.
"""
