"""The one retry layer of the LLM chain: a tenacity policy object.

Anchor: instructor's `core/retry.py` - `stop_after_attempt(n) | stop_before_delay(
deadline)`, the remaining deadline passed down as each attempt's timeout - without
its copied sync/async loops: every call runs through `RetryPolicy.call` on an
event loop. Only errors marked `retryable` (timeouts, connection errors, 429, 5xx)
are retried, with exponential backoff and jitter; a 429's `Retry-After` is a
floor on the wait. A wait that would cross the deadline ends the loop at once:
the caller gets the last typed error, never a sleep past the deadline. The
openai client's own retries are off (`max_retries=0`), so attempts are not
multiplied. A reply that fails validation is not retried here: the chain re-asks
(`scribe.chain.extractor`).

This module is transport-agnostic: the chain passes a `classify` function that
maps provider exceptions to the `LLMError` family.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from tenacity import (
    AsyncRetrying,
    RetryCallState,
    retry_if_exception,
    stop_after_attempt,
    stop_before_delay,
)

from scribe.errors import LLMDeadlineExceeded, LLMError, LLMRateLimited, LLMTimeout

__all__ = ["Attempts", "RetryPolicy", "parse_retry_after"]

T = TypeVar("T")
Classify = Callable[[BaseException], LLMError | None]


def parse_retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds to wait from `retry-after-ms` (OpenAI) or `Retry-After` (seconds).
    An HTTP-date Retry-After is not parsed (None): the backoff applies."""
    if not headers:
        return None
    for name, scale in (("retry-after-ms", 0.001), ("retry-after", 1.0)):
        raw = headers.get(name)
        if raw is None:
            continue
        try:
            value = float(raw) * scale
        except ValueError:
            continue
        if value >= 0:
            return value
    return None


def _is_retryable(e: BaseException) -> bool:
    return isinstance(e, LLMError) and e.retryable


@dataclass
class Attempts:
    """How many HTTP attempts a draft took (one per attempt: client retries are off)."""

    count: int = 0
    waits: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class RetryPolicy:
    """Attempts, deadline and backoff of every LLM call of one draft."""

    max_attempts: int = 4
    deadline: float = 90.0
    timeout: float = 30.0
    backoff_base: float = 0.5
    backoff_max: float = 8.0

    def backoff(self, retry_number: int) -> tuple[float, float]:
        """Bounds of the wait before retry `retry_number` (1 = first retry): between
        base * 2**(n-1) and twice that, capped at `backoff_max`."""
        low = self.backoff_base * 2 ** (retry_number - 1)
        return min(low, self.backoff_max), min(2 * low, self.backoff_max)

    def _wait(self, rs: RetryCallState) -> float:
        low, high = self.backoff(rs.attempt_number)
        wait = random.uniform(low, high)
        exc = rs.outcome.exception() if rs.outcome is not None else None
        if isinstance(exc, LLMRateLimited) and exc.retry_after is not None:
            wait = max(wait, exc.retry_after)
        return wait

    def remaining(self, started: float) -> float:
        return self.deadline - (time.monotonic() - started)

    async def call(
        self,
        make: Callable[[], Awaitable[T]],
        classify: Classify,
        *,
        started: float,
        attempts: Attempts,
    ) -> T:
        """Run `make()` under the policy. Each attempt gets min(timeout, remaining
        deadline); the deadline is measured from `started` (the draft's start, so a
        re-ask shares it). Raises the last typed `LLMError`, its message saying how
        many attempts were made."""

        def before_sleep(rs: RetryCallState) -> None:
            attempts.waits.append(rs.upcoming_sleep)

        retrying = AsyncRetrying(
            stop=stop_after_attempt(self.max_attempts)
            | stop_before_delay(max(self.deadline - (time.monotonic() - started), 0.0)),
            wait=self._wait,
            retry=retry_if_exception(_is_retryable),
            before_sleep=before_sleep,
            reraise=True,
        )
        first = attempts.count
        try:
            async for attempt in retrying:
                with attempt:
                    attempts.count += 1
                    result = await self._attempt(make, classify, started)
            return result
        except LLMError as e:
            if e.retryable or isinstance(e, LLMDeadlineExceeded):
                n = attempts.count - first
                spent = time.monotonic() - started
                e.message = f"{e.message} (gave up after {n} attempt(s) in {spent:.2f} s)"
                e.args = (e.message,)
            raise

    async def _attempt(
        self, make: Callable[[], Awaitable[T]], classify: Classify, started: float
    ) -> T:
        remaining = self.remaining(started)
        if remaining <= 0:
            raise LLMDeadlineExceeded(f"LLM deadline of {self.deadline:g} s exceeded")
        budget = min(self.timeout, remaining)
        try:
            return await asyncio.wait_for(make(), timeout=budget)
        except TimeoutError:
            if budget < self.timeout:
                raise LLMDeadlineExceeded(
                    f"LLM deadline of {self.deadline:g} s exceeded during a call"
                ) from None
            raise LLMTimeout(f"LLM call timed out after {budget:g} s") from None
        except LLMError:
            raise
        except Exception as e:
            typed = classify(e)
            if typed is None:
                raise
            raise typed from e
