"""A fixed-window rate limit per client address, counted in the default cache (shared by every process).

allauth limits its own views (sign-up, login, password reset); this is for optout's own costly doors,
such as the anonymous site audit, which makes several outbound requests per check.
"""

from __future__ import annotations

import time

from django.core.cache import cache

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/m' → (10, 60); '5/300s' → (5, 300)."""
    amount, _, period = rate.partition("/")
    unit = period[-1:]
    return int(amount), int(period[:-1] or 1) * PERIODS[unit]


def client_address(request) -> str:
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request) or "unknown"  # honours ALLAUTH_TRUSTED_PROXY_COUNT


def allow(request, action: str, rate: str) -> bool:
    """Count one use of `action` by this client; False once the rate is used up for the current window."""
    if not rate:
        return True
    amount, seconds = parse_rate(rate)
    window = int(time.time() // seconds)
    key = f"ratelimit:{action}:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=seconds + 1):
        return amount >= 1
    try:
        return cache.incr(key) <= amount
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=seconds + 1)
        return True
