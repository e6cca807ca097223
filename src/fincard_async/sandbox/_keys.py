"""RSA key pairs for the HyperCard demo merchant (demo-only material)."""

from __future__ import annotations

import functools

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

__all__ = ["demo_key_pair", "generate_key_pair", "public_pem_for"]


def generate_key_pair(bits: int = 2048) -> tuple[str, str]:
    """Generate a fresh RSA key pair; return ``(private PKCS#8 PEM, public SPKI PEM)``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
    private_pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode("ascii")
    return private_pem, _public_pem(key.public_key())


@functools.cache
def demo_key_pair() -> tuple[str, str]:
    """One key pair per process, shared by every sandbox that was not given its own key.

    Generating RSA keys takes tens of milliseconds; function-scoped test fixtures would pay
    that on every test. The pair is demo-only and never leaves the process unless printed.
    """
    return generate_key_pair()


def public_pem_for(private_pem: str) -> str:
    """Derive the public key PEM of an (unencrypted) private key PEM."""
    key = serialization.load_pem_private_key(private_pem.encode("ascii"), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the sandbox private key must be an RSA key")
    return _public_pem(key.public_key())


def _public_pem(key: rsa.RSAPublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM,
        serialization.PublicFormat.SubjectPublicKeyInfo,
    ).decode("ascii")
