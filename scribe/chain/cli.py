"""`scribe prompts list | show ID`: the prompt files the LLM chain sends.

Registered by `scribe.cli` at start-up, so this module imports only typer; the
prompt loader is imported inside the commands. Errors are `ScribeError`s, printed
as one line by `scribe.cli.main` (unknown prompt: exit 2).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the `prompts` command group to the main CLI."""
    prompts_app = typer.Typer(
        help="The versioned prompt files of the LLM chain.", no_args_is_help=True
    )

    @prompts_app.command("list")
    def list_cmd(
        as_json: Annotated[
            bool, typer.Option("--json", help="One JSON object per prompt.")
        ] = False,
    ) -> None:
        """Every prompt: id@version, sha256, file and purpose."""
        from scribe.chain.prompts import list_prompts

        rows = list_prompts()
        if as_json:
            for p in rows:
                data = {
                    "id": p.id,
                    "version": p.version,
                    "sha256": p.sha256,
                    "path": p.path,
                    "purpose": p.purpose,
                    "output_schema": p.output_schema,
                }
                sys.stdout.write(json.dumps(data) + "\n")
            return
        width = max((len(p.ref) for p in rows), default=0)
        for p in rows:
            sys.stdout.write(f"{p.ref:<{width}}  {p.sha256[:12]}  {p.path:<16}  {p.purpose}\n")

    @prompts_app.command("show")
    def show_cmd(
        prompt: Annotated[str, typer.Argument(help="Prompt ID or ID@VERSION.")],
    ) -> None:
        """A prompt's front matter, sha256 and template body."""
        from scribe.chain.prompts import load_prompt

        p = load_prompt(prompt)
        head = [
            f"id: {p.id}",
            f"version: {p.version}",
            f"sha256: {p.sha256}",
            f"file: {p.path}",
            f"output_schema: {p.output_schema}",
            f"purpose: {p.purpose}",
        ]
        sys.stdout.write("\n".join(head) + "\n---\n" + p.body.rstrip("\n") + "\n")

    app.add_typer(prompts_app, name="prompts")
