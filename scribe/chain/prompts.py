"""Prompt files: Markdown with YAML front matter and a Jinja2 body.

Prompts are data (STYLE: "Data is data"): each file under `prompts/` declares
`id`, `version`, `purpose` and `output_schema` in its front matter; the body is a
Jinja2 template rendered with `StrictUndefined`, so a missing variable fails
loudly. The sha256 of the whole file goes into every draft's provenance.

Location: the wheel ships the folder as `scribe/_prompts` (hatch force-include);
a source checkout uses the repository's `prompts/`. Never the working directory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import jinja2
import yaml

from scribe.errors import ConfigError, NotFoundError

_ENV = jinja2.Environment(
    undefined=jinja2.StrictUndefined, autoescape=False, keep_trailing_newline=True
)
_REQUIRED = ("id", "version", "purpose", "output_schema")


@dataclass(frozen=True)
class Prompt:
    """One loaded prompt file."""

    id: str
    version: str
    purpose: str
    output_schema: str
    body: str
    sha256: str
    path: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ref(self) -> str:
        """`ID@VERSION`, as given to `--prompt` and recorded in provenance."""
        return f"{self.id}@{self.version}"

    def render(self, **variables: Any) -> str:
        """Render the body; a variable the template uses but was not given raises."""
        try:
            return _compiled(self.body).render(**variables)
        except jinja2.UndefinedError as e:
            raise ConfigError(f"prompt '{self.id}': {e.message}") from None


@cache
def _compiled(body: str) -> jinja2.Template:
    """Templates compile once per body: rendering is on every draft's hot path."""
    return _ENV.from_string(body)


def prompts_dir() -> Traversable:
    """`scribe/_prompts` inside an installed wheel, else `<repo>/prompts`."""
    packaged = resources.files("scribe") / "_prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "prompts"


def _parse(text: str, where: str) -> tuple[dict[str, Any], str]:
    if not text.startswith("---\n"):
        raise ConfigError(f"prompt {where} has no YAML front matter")
    head, sep, body = text[4:].partition("\n---\n")
    if not sep:
        raise ConfigError(f"prompt {where}: front matter is not closed by '---'")
    meta = yaml.safe_load(head) or {}
    if not isinstance(meta, dict):
        raise ConfigError(f"prompt {where}: front matter must be a mapping")
    missing = [k for k in _REQUIRED if k not in meta]
    if missing:
        raise ConfigError(f"prompt {where}: front matter lacks {', '.join(missing)}")
    return meta, body.lstrip("\n")


def _load(entry: Traversable) -> Prompt:
    raw = entry.read_bytes()
    meta, body = _parse(raw.decode("utf-8"), entry.name)
    return Prompt(
        id=str(meta["id"]),
        version=str(meta["version"]),
        purpose=str(meta["purpose"]).strip(),
        output_schema=str(meta["output_schema"]),
        body=body,
        sha256=hashlib.sha256(raw).hexdigest(),
        path=entry.name,
        meta=meta,
    )


@cache
def _all() -> dict[str, Prompt]:
    out: dict[str, Prompt] = {}
    for entry in sorted(prompts_dir().iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".md") or entry.name.upper() == "README.MD":
            continue
        p = _load(entry)
        if p.id in out:
            raise ConfigError(f"duplicate prompt id '{p.id}' ({out[p.id].path}, {p.path})")
        out[p.id] = p
    return out


def list_prompts() -> list[Prompt]:
    """Every prompt shipped with scribe, sorted by id."""
    return sorted(_all().values(), key=lambda p: p.id)


def load_prompt(spec: str) -> Prompt:
    """A prompt by `ID` or `ID@VERSION`; a version other than the shipped one is an error."""
    prompt_id, sep, wanted = spec.partition("@")
    try:
        found = _all()[prompt_id]
    except KeyError:
        known = ", ".join(sorted(_all())) or "none"
        raise NotFoundError(f"unknown prompt '{prompt_id}' (known: {known})") from None
    if sep and wanted != found.version:
        raise NotFoundError(
            f"prompt '{prompt_id}' version '{wanted}' not found (shipped: {found.ref})"
        )
    return found


def combined_sha256(prompts: Iterable[Prompt]) -> str:
    """One hash over several prompt files (id, version and file hash of each, sorted):
    what a draft's `prompt_hash` records when a chain uses more than one file."""
    h = hashlib.sha256()
    for p in sorted(prompts, key=lambda p: p.id):
        h.update(f"{p.id}@{p.version}:{p.sha256}\n".encode())
    return h.hexdigest()
