"""Human-readable renderings of drafts and check results (terminal and Markdown)."""

from __future__ import annotations

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from scribe.models import CheckResult, Draft, Finding, Flag

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _rom(f: Finding) -> str:
    parts = []
    for r in f.rom:
        if r.degrees is not None:
            parts.append(f"{r.joint} {r.motion} {r.degrees:g}°")
        elif r.lacking is not None:
            parts.append(f"{r.joint} {r.motion} lacks {r.lacking:g}°")
    return "; ".join(parts) or "-"


def _flag_line(f: Flag) -> str:
    line = f"[{f.severity}] {f.rule}: {f.message}"
    if f.suggestion is not None:
        line += f" -> replace {list(f.suggestion.replace)} with {list(f.suggestion.with_)}"
    return line


def print_draft(d: Draft, console: Console | None = None) -> None:
    """The `make run` view: note, structured fields, codes and flags."""
    console = console or Console(soft_wrap=False)
    sections = [
        Text.assemble((f"{name.capitalize()}\n", "bold"), (getattr(d.note, name) or "-") + "\n")
        for name in ("subjective", "objective", "assessment", "plan")
    ]
    console.print(
        Panel(Group(*sections), title=f"Draft note {d.id[:8]}", subtitle=d.provenance.backend)
    )
    console.print(Text("Structured findings", style="bold"))
    if not d.findings:
        console.print("  none")
    for n, f in enumerate(d.findings, 1):
        etiology = "-"
        if f.etiology:
            etiology = f.etiology.category
            if f.etiology.condition and f.etiology.condition != f.etiology.category:
                etiology += f" ({f.etiology.condition})"
        rows = [
            ("finding", ("NEGATED " if f.negated else "") + f.finding),
            ("muscle", f.muscle or "-"),
            ("region", f.region + (f" / joint: {f.joint}" if f.joint else "")),
            ("laterality", f.laterality),
            ("tissue", f.tissue),
            ("ROM", _rom(f)),
            ("etiology", etiology),
            ("prior treatment", f.prior_treatment or "-"),
        ]
        console.print(Text(f"  {n}.", style="bold"))
        for label, value in rows:
            quote = f.evidence.get(label if label != "finding" else "finding")
            tail = f'   "{quote.quote}"' if quote is not None and label != "ROM" else ""
            console.print(Text.assemble(f"     {label:<16}", value, (tail, "dim")))
    codes = Table(title="Codes (ICD-10-CM " + d.provenance.tabular_version + ")")
    codes.add_column("code")
    codes.add_column("description")
    for c in d.codes:
        codes.add_row(c.code, c.description)
    console.print(codes)
    if not d.flags:
        console.print(Text("No flags.", style="green"))
    for flag in d.flags:
        console.print(Text(_flag_line(flag), style=_STYLE[flag.severity]))
        if flag.query is not None:
            console.print(Text(f"    query: {flag.query.question}", style="dim"))
            for o in flag.query.options:
                console.print(Text(f"      [ ] {o.label}", style="dim"))
    verdict = "finalizable" if d.finalizable else "NOT finalizable (error flags remain)"
    console.print(Text(verdict, style="bold green" if d.finalizable else "bold red"))


def draft_markdown(d: Draft) -> str:
    lines = [f"# Draft note {d.id}", ""]
    for name in ("subjective", "objective", "assessment", "plan"):
        lines += [f"## {name.capitalize()}", getattr(d.note, name) or "-", ""]
    lines += ["## Codes", *[f"- {c.code} {c.description}" for c in d.codes], ""]
    flags = [f"- {_flag_line(f)}" for f in d.flags] or ["- none"]
    lines += ["## Flags", *flags, ""]
    lines.append(f"Finalizable: {'yes' if d.finalizable else 'no'}")
    return "\n".join(lines)


def check_text(r: CheckResult) -> str:
    lines = [f"codes: {', '.join(c.code for c in r.codes) or '-'}"]
    lines += [_flag_line(f) for f in r.flags] or ["no flags"]
    lines.append(f"finalizable: {'yes' if r.finalizable else 'no'}")
    return "\n".join(lines)
