"""The retry policy, measured at the fake server: attempts, gaps, deadline."""

from __future__ import annotations

import time

import pytest

from scribe.chain.extractor import OpenAIExtractor
from scribe.chain.retry import RetryPolicy, parse_retry_after
from scribe.errors import (
    LLMConnectionError,
    LLMDeadlineExceeded,
    LLMError,
    LLMRateLimited,
    LLMServerError,
    LLMTimeout,
)
from scribe.models import Transcript
from tests.chain.conftest import settings_for, thigh_reply
from tests.fakellm import FakeLLM, Fault, not_json_body, ok, rate_limited, server_error

#: request handling between two attempts (server + client), on a loaded 2-core box
SLACK = 0.15


def extractor_for(server: FakeLLM, **overrides: object) -> OpenAIExtractor:
    return OpenAIExtractor(settings=settings_for(server, **overrides))


@pytest.mark.parametrize(
    "fault",
    [server_error(500), server_error(502), server_error(503), rate_limited(), not_json_body()],
    ids=["500", "502", "503", "429", "not-json-body"],
)
def test_transient_fault_is_retried_once(
    fake_llm: FakeLLM, extractor: OpenAIExtractor, thigh: Transcript, fault: Fault
) -> None:
    fake_llm.push(fault)
    e = extractor.extract(thigh)
    assert fake_llm.calls == 2
    assert e.usage is not None and e.usage.http_calls == 2


@pytest.mark.parametrize("status", [400, 401, 404, 422])
def test_client_errors_are_not_retried(
    fake_llm: FakeLLM, extractor: OpenAIExtractor, thigh: Transcript, status: int
) -> None:
    fake_llm.push(Fault(status, {}, '{"error": {"message": "nope"}}'))
    with pytest.raises(LLMError) as info:
        extractor.extract(thigh)
    assert not info.value.retryable and f"HTTP {status}" in info.value.message
    assert fake_llm.calls == 1


def test_attempts_are_bounded_and_the_last_error_is_typed(thigh: Transcript) -> None:
    with FakeLLM(default=server_error(500)) as server:
        with (
            extractor_for(server, SCRIBE_LLM_MAX_ATTEMPTS=3) as ex,
            pytest.raises(LLMServerError) as info,
        ):
            ex.extract(thigh)
        assert server.calls == 3
    assert "gave up after 3 attempt(s)" in info.value.message
    assert info.value.exit_code == 4


def test_backoff_is_exponential_within_its_bounds(thigh: Transcript) -> None:
    base = 0.05
    with FakeLLM(default=ok(thigh_reply())) as server:
        server.push(server_error(), server_error(), server_error())
        with extractor_for(server, SCRIBE_LLM_BACKOFF_BASE=base, SCRIBE_LLM_BACKOFF_MAX=10.0) as ex:
            ex.extract(thigh)
        gaps = server.gaps()
    assert len(gaps) == 3
    for n, gap in enumerate(gaps, start=1):
        low, high = base * 2 ** (n - 1), base * 2**n
        assert low <= gap <= high + SLACK, (n, gap)


def test_backoff_is_capped(thigh: Transcript) -> None:
    with FakeLLM(default=ok(thigh_reply())) as server:
        server.push(server_error(), server_error(), server_error())
        with extractor_for(server, SCRIBE_LLM_BACKOFF_BASE=0.05, SCRIBE_LLM_BACKOFF_MAX=0.06) as ex:
            ex.extract(thigh)
        gaps = server.gaps()
    assert gaps[2] <= 0.06 + SLACK  # uncapped it would be at least 0.2


def test_policy_bounds() -> None:
    p = RetryPolicy(backoff_base=0.5, backoff_max=4.0)
    assert [p.backoff(n) for n in (1, 2, 3, 4)] == [(0.5, 1.0), (1.0, 2.0), (2.0, 4.0), (4.0, 4.0)]


@pytest.mark.parametrize(
    ("fault", "wait"),
    [(rate_limited(0.3), 0.3), (rate_limited(ms=250), 0.25)],
    ids=["retry-after", "retry-after-ms"],
)
def test_retry_after_is_honoured(thigh: Transcript, fault: Fault, wait: float) -> None:
    with FakeLLM(default=ok(thigh_reply())) as server:
        server.push(fault)
        with extractor_for(server, SCRIBE_LLM_BACKOFF_BASE=0.001) as ex:
            ex.extract(thigh)
        [gap] = server.gaps()
    # At least the server's wait (honoured), and nowhere near a misread unit (250 ms read
    # as seconds); the upper bound leaves room for a loaded CI machine.
    assert wait <= gap <= 2 * wait + SLACK


def test_retry_after_beyond_the_deadline_fails_at_once(thigh: Transcript) -> None:
    with FakeLLM(default=rate_limited(30)) as server:
        with extractor_for(server, SCRIBE_LLM_DEADLINE=2.0) as ex:
            started = time.monotonic()
            with pytest.raises(LLMRateLimited) as info:
                ex.extract(thigh)
            spent = time.monotonic() - started
        assert server.calls == 1
    assert spent < 2.0  # no sleep towards a retry that could not happen in time
    assert info.value.retry_after == 30


def test_a_slow_reply_times_out_and_is_retried(thigh: Transcript) -> None:
    with FakeLLM(default=ok(thigh_reply())) as server:
        server.push(ok(thigh_reply(), delay=1.0))
        with extractor_for(server, SCRIBE_LLM_TIMEOUT=0.2) as ex:
            e = ex.extract(thigh)
        assert server.calls == 2
    assert e.usage is not None and e.usage.http_calls == 2


def test_timeouts_exhaust_as_llm_timeout(thigh: Transcript) -> None:
    with FakeLLM(default=ok(thigh_reply(), delay=2.0)) as server:
        with (
            extractor_for(server, SCRIBE_LLM_TIMEOUT=0.1, SCRIBE_LLM_MAX_ATTEMPTS=2) as ex,
            pytest.raises(LLMTimeout),
        ):
            ex.extract(thigh)
        assert server.calls == 2


def test_the_deadline_bounds_the_whole_draft(thigh: Transcript) -> None:
    deadline = 0.5
    with FakeLLM(default=ok(thigh_reply(), delay=5.0)) as server:
        with extractor_for(
            server,
            SCRIBE_LLM_TIMEOUT=0.3,
            SCRIBE_LLM_DEADLINE=deadline,
            SCRIBE_LLM_MAX_ATTEMPTS=10,
        ) as ex:
            started = time.monotonic()
            with pytest.raises((LLMDeadlineExceeded, LLMTimeout)) as info:
                ex.extract(thigh)
            spent = time.monotonic() - started
        assert 1 <= server.calls <= 2
    assert spent <= deadline + SLACK
    assert "attempt(s)" in info.value.message


def test_connection_refused_is_a_connection_error(thigh: Transcript) -> None:
    server = FakeLLM().start()
    url = server.base_url
    server.stop()  # nothing listens there any more
    s = settings_for(server, SCRIBE_LLM_BASE_URL=url, SCRIBE_LLM_MAX_ATTEMPTS=2)
    with OpenAIExtractor(settings=s) as ex, pytest.raises(LLMConnectionError):
        ex.extract(thigh)


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "2"}, 2.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, None),
        ({"retry-after": "-1"}, None),
        ({}, None),
    ],
)
def test_parse_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    assert parse_retry_after(headers) == seconds
