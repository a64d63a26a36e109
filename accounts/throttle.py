"""Failed logins, counted per (username, client) pair and, more loosely, per client.

Five failures for one username from one client lock that pair for a while; the same username from another
client still logs in, so an attacker elsewhere cannot lock an editor out by failing on purpose. A looser cap
per client across all usernames slows password spraying. The counters live in the cache (Redis when
REDIS_URL is set, so every process shares them) under an HMAC of the username and the address: neither is
ever stored or logged as such, and the counters expire on their own.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR, or behind a proxy the header it sets (TRUSTED_PROXY_HEADER).

    Of a list such as X-Forwarded-For only the last entry, the one the proxy itself added, is trusted.
    """
    if settings.TRUSTED_PROXY_HEADER:
        value = request.META.get(settings.TRUSTED_PROXY_HEADER, "")
        if value.strip():
            return value.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _digest(*parts: str) -> str:
    return salted_hmac("accounts.throttle", "\n".join(parts), algorithm="sha256").hexdigest()


class LoginThrottle:
    def __init__(self, request, username: str):
        client = client_address(request)
        self.pair_key = f"login-failures:pair:{_digest(username.strip().casefold(), client)}"
        self.client_key = f"login-failures:client:{_digest(client)}"
        self.limits = {
            self.pair_key: settings.LOGIN_FAILURE_LIMIT,
            self.client_key: settings.LOGIN_CLIENT_FAILURE_LIMIT,
        }

    def is_locked(self) -> bool:
        counts = cache.get_many(self.limits)
        return any(counts.get(key, 0) >= limit for key, limit in self.limits.items())

    def failed(self) -> None:
        for key in self.limits:
            # add() starts the window at the first failure; incr() keeps its expiry.
            cache.add(key, 0, timeout=settings.LOGIN_FAILURE_WINDOW)
            try:
                cache.incr(key)
            except ValueError:  # expired between the two calls
                cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW)

    def succeeded(self) -> None:
        """Clear this pair's failures; the client's count across usernames runs to the end of its window."""
        cache.delete(self.pair_key)
