"""Which extractor a run uses, and what identifies its answers for the cache.

`rules` is the offline extractor; `openai` the LLM chain, with `--model` and
`--prompt ID@VERSION` passed through; `--extractor MODULE:ATTR` plugs any object
(or zero-argument factory) that satisfies the `Extractor` protocol, for
experiments and for tests. The identity (backend, version, model, prompt id and
hash) is read from the extractor itself, so the cache key names exactly what
produced an answer.
"""

from __future__ import annotations

import importlib
import inspect
from typing import Any

from scribe.errors import InputError
from scribe.evaluation.cache import ExtractorIdentity
from scribe.extract.protocol import Extractor

__all__ = ["identity_of", "load_custom", "make_extractor"]


def _attr(obj: Any, *names: str) -> str | None:
    for name in names:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            return value
    return None


def identity_of(extractor: Extractor, backend: str) -> ExtractorIdentity:
    """Read model / prompt id / prompt hash / version from an extractor's attributes
    (`model`, `prompt_id`, `prompt_hash`, `version`), or from its `prompt` object."""
    prompt = getattr(extractor, "prompt", None)
    version = _attr(extractor, "version", "VERSION", "EXTRACTOR_VERSION")
    if version is None:
        module = inspect.getmodule(type(extractor))
        version = _attr(module, "EXTRACTOR_VERSION", "VERSION") if module else None
    return ExtractorIdentity(
        backend=_attr(extractor, "backend") or backend,
        version=version or type(extractor).__qualname__,
        model=_attr(extractor, "model", "model_name"),
        prompt_id=_attr(extractor, "prompt_id") or _attr(prompt, "id", "prompt_id"),
        prompt_hash=_attr(extractor, "prompt_hash") or _attr(prompt, "sha256", "hash"),
    )


def load_custom(spec: str) -> Extractor:
    """`package.module:attr` -> an Extractor (attr is an instance or a factory)."""
    module_name, sep, attr = spec.partition(":")
    if not sep or not module_name or not attr:
        raise InputError(f"--extractor must be MODULE:ATTR, got '{spec}'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as e:
        raise InputError(f"--extractor: cannot import {module_name}: {e}") from None
    obj = getattr(module, attr, None)
    if obj is None:
        raise InputError(f"--extractor: {module_name} has no attribute '{attr}'")
    if inspect.isclass(obj) or (callable(obj) and not hasattr(obj, "extract")):
        obj = obj()
    if not callable(getattr(obj, "extract", None)):
        raise InputError(f"--extractor: {spec} is not an Extractor (no extract method)")
    extractor: Extractor = obj
    return extractor


def make_extractor(
    backend: str, model: str | None = None, prompt: str | None = None
) -> tuple[Extractor, ExtractorIdentity]:
    """The extractor for `--backend`, with its identity."""
    if backend == "rules":
        if model or prompt:
            raise InputError("--model and --prompt apply to the openai backend only")
        from scribe.pipeline import select_extractor

        rules = select_extractor("rules")
        return rules, identity_of(rules, "rules")
    if backend == "openai":
        return _openai(model, prompt)
    raise InputError(f"unknown backend '{backend}': choose rules or openai")


def _openai(model: str | None, prompt: str | None) -> tuple[Extractor, ExtractorIdentity]:
    from scribe.pipeline import select_extractor

    if prompt is not None and "@" not in prompt:
        raise InputError(f"--prompt must be ID@VERSION, got '{prompt}'")
    base = select_extractor("openai")  # raises ConfigError (exit 2) when not configured
    kwargs: dict[str, Any] = {}
    params = inspect.signature(type(base)).parameters
    if model is not None:
        if "model" not in params:
            raise InputError("this LLM chain does not accept --model")
        kwargs["model"] = model
    if prompt is not None:
        if "prompt" not in params:
            raise InputError("this LLM chain does not accept --prompt")
        kwargs["prompt"] = prompt
    extractor: Extractor = type(base)(**kwargs) if kwargs else base
    return extractor, identity_of(extractor, "openai")
