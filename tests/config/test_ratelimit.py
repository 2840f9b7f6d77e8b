"""Rate limits (config.ratelimit), the cache they count in (config.env.env_cache) and the
client's address behind proxies (config.http.client_address): on the database cache and on a
real Redis, as in production."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache, caches
from django.test import RequestFactory

from config.env import EnvError, env_cache, env_rates, parse_rate
from config.http import client_address
from config.ratelimit import Limited, rate_hit, wait_text
from tests.config.redis_server import redis_server

NOW = 1_800_000_000.0  # a multiple of 600 and of 3600: windows start here


@pytest.fixture
def rates(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup_address": "3/h"}
    return settings


def test_the_fourth_event_in_an_hour_is_limited_until_the_next_window(rates):
    assert [rate_hit("signup_address", "203.0.113.9", now=NOW + n) for n in range(3)] == [
        None,
        None,
        None,
    ]
    limited = rate_hit("signup_address", "203.0.113.9", now=NOW + 60)
    assert limited == Limited(retry_after=3600 - 60)
    # another key is counted apart; the next window starts again
    assert rate_hit("signup_address", "198.51.100.7", now=NOW + 60) is None
    assert rate_hit("signup_address", "203.0.113.9", now=NOW + 3600) is None


def test_keys_are_hashed_in_the_cache(rates):
    rate_hit("reset_email", "Amina@Example.org", now=NOW)
    stored = list(cache._cache)  # LocMemCache: the keys as stored
    assert stored and not any("amina" in key.lower() for key in stored)
    # the same address written differently is the same key
    assert rate_hit("reset_email", " amina@example.org ", now=NOW) is None
    assert len(list(cache._cache)) == len(stored)


def test_the_message_says_the_wait_in_words(english):
    assert Limited(retry_after=45).message == "Too many attempts. Please try again in 45 seconds."
    assert wait_text(61) == "2 minutes"
    assert wait_text(7200) == "2 hours"


@pytest.mark.parametrize(
    ("text", "expected"), [("5/h", (5, 3600)), ("30/10m", (30, 600)), ("1/s", (1, 1))]
)
def test_rates_are_read_as_count_per_period(text, expected):
    assert parse_rate(text) == expected


@pytest.mark.parametrize("text", ["", "5", "0/h", "5/w", "five/h", "5/0.5h"])
def test_bad_rates_are_refused(text):
    with pytest.raises(ValueError, match=f"^{re.escape(text)}$"):
        parse_rate(text)


def test_rates_from_the_environment():
    defaults = {"signup_address": "10/h", "verify_address": "30/10m"}
    environ = {"RATE_LIMITS": "signup_address=20/h, verify_address=5/m"}
    assert env_rates("RATE_LIMITS", defaults, environ=environ) == {
        "signup_address": "20/h",
        "verify_address": "5/m",
    }
    with pytest.raises(EnvError, match="among signup_address"):
        env_rates("RATE_LIMITS", defaults, environ={"RATE_LIMITS": "nothing=1/h"})
    with pytest.raises(EnvError, match="like 5/h"):
        env_rates("RATE_LIMITS", defaults, environ={"RATE_LIMITS": "signup_address=lots"})


def test_cache_urls():
    assert env_cache("CACHE_URL", environ={})["BACKEND"].endswith("db.DatabaseCache")
    assert env_cache("CACHE_URL", environ={})["LOCATION"] == "jalons_cache"
    redis = env_cache("CACHE_URL", environ={"CACHE_URL": "redis://cache:6379/1"})
    assert redis == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache:6379/1",
    }
    assert env_cache("CACHE_URL", environ={"CACHE_URL": "locmem://"})["BACKEND"].endswith(
        "LocMemCache"
    )
    for bad in ("memcached://x", "redis://"):
        with pytest.raises(EnvError, match="CACHE_URL"):
            env_cache("CACHE_URL", environ={"CACHE_URL": bad})


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "192.0.2.10"),  # no proxy: the header is anyone's to write
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # the client wrote the first one
        (2, "198.51.100.1, 10.0.0.2", "198.51.100.1"),
        (2, "10.0.0.2", "192.0.2.10"),  # fewer hops than proxies: not trusted
    ],
)
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


# --- The real backends -----------------------------------------------------------------------


def test_counts_in_the_database_cache(db, rates, settings):
    """The default backend: ``migrate`` (and the test database) created its table."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "jalons_cache",
        }
    }
    caches["default"].clear()
    results = [rate_hit("signup_address", "203.0.113.9", now=NOW) for _ in range(4)]
    assert results[:3] == [None, None, None] and isinstance(results[3], Limited)


@pytest.mark.redis
def test_counts_in_redis(rates, settings):
    with redis_server() as url:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
        }
        results = [rate_hit("signup_address", "203.0.113.9", now=NOW) for _ in range(4)]
        assert results[:3] == [None, None, None] and isinstance(results[3], Limited)


def test_reached_tells_without_counting(rates):
    from config.ratelimit import rate_reached

    for _ in range(3):
        assert rate_reached("signup_address", "203.0.113.9", now=NOW) is None
        rate_hit("signup_address", "203.0.113.9", now=NOW)
    assert rate_reached("signup_address", "203.0.113.9", now=NOW + 10) == Limited(3590)
    assert rate_reached("signup_address", "203.0.113.9", now=NOW + 3600) is None
