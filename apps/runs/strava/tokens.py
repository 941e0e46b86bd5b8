"""Strava's tokens encrypted at rest with cryptography's Fernet (AES with an HMAC), the key
from the environment (settings.STRAVA_TOKEN_KEY): a database dump alone does not hand them out."""

from cryptography.fernet import Fernet
from django.conf import settings


def _fernet() -> Fernet:
    return Fernet(settings.STRAVA_TOKEN_KEY.encode())


def encrypt(token: str) -> bytes:
    return _fernet().encrypt(token.encode())


def decrypt(sealed) -> str:
    return _fernet().decrypt(bytes(sealed)).decode()
