"""Receipt codes: what a submitter keeps to ask about a submission later, without an account.

A code is 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown as four groups of
four: about 79 bits, too many to guess. Only its SHA-256 is stored; the code itself is shown once.
"""

from __future__ import annotations

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
GROUPS, GROUP_LENGTH = 4, 4

# Persian and Arabic-Indic digits, as a phone's keyboard may type them.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")


def new_code() -> str:
    groups = ("".join(secrets.choice(ALPHABET) for _ in range(GROUP_LENGTH)) for _ in range(GROUPS))
    return "-".join(groups)


def normalize(code: str) -> str:
    """The code as typed, upper-cased, with Persian digits read and spaces and dashes dropped."""
    return "".join(c for c in code.translate(_DIGITS).upper() if c.isascii() and c.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(normalize(code).encode("ascii")).hexdigest()


def looks_like_a_code(code: str) -> bool:
    plain = normalize(code)
    return len(plain) == GROUPS * GROUP_LENGTH and all(c in ALPHABET for c in plain)
