"""Encryption of submitters' contact details at rest, with the Fernet key(s) in SUBMISSION_KEY.

SUBMISSION_KEY holds one key, or several separated by commas to rotate them: the first encrypts, any of
them decrypts. The settings refuse to start in production without it; in development and tests a key is
derived from SECRET_KEY, so the data written there cannot be read with a production key, nor the reverse.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in settings.SUBMISSION_KEY.split(",") if key.strip()]
    if not keys:
        derived = hashlib.sha256(f"submissions.contact:{settings.SECRET_KEY}".encode()).digest()
        keys = [base64.urlsafe_b64encode(derived).decode()]
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as error:
        raise ImproperlyConfigured(
            "SUBMISSION_KEY must be Fernet keys (32 url-safe base64-encoded bytes), separated by commas."
        ) from error


def encrypt(text: str) -> str:
    """The ciphertext of a text, as ASCII; an empty text stays empty."""
    return _fernet().encrypt(text.encode()).decode("ascii") if text else ""


def decrypt(token: str) -> str:
    """The text back; raises ImproperlyConfigured when no configured key opens it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken as error:
        raise ImproperlyConfigured("No key in SUBMISSION_KEY decrypts these contact details.") from error
