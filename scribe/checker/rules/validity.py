"""Code validity against the FY2026 tabular list."""

from __future__ import annotations

from collections.abc import Iterator

from scribe.checker.engine import Context, Rule, register
from scribe.coding import code_findings
from scribe.icd10.kb import dotted
from scribe.icd10.refs import norm
from scribe.models import Flag


@register
class InvalidCode(Rule):
    """`invalid-code` (error): the code is not in the FY2026 ICD-10-CM tabular, or it
    is a header (category/subcategory) that has billable codes below it.

    Source: ICD-10-CM Official Guidelines I.B.1 ("codes ... must be used to the
    highest number of characters available"), I.A.2 (placeholder and 7th
    characters). The suggestion lists the billable children that fit the
    documentation (what the coder derives), else all billable children.
    """

    id = "invalid-code"
    severity = "error"

    def check(self, ctx: Context) -> Iterator[Flag]:
        documented = {norm(c) for c in code_findings(ctx.kb, ctx.findings)}
        for code in ctx.codes:
            if ctx.kb.is_billable(code):
                continue
            children = ctx.kb.billable_descendants(code) if ctx.kb.exists(code) else []
            if not children:
                yield self.flag(
                    f"{dotted(code)} is not a code in the {ctx.kb.tabular_version} "
                    "ICD-10-CM tabular list.",
                    codes=[code],
                )
                continue
            with_ = [c for c in children if c in documented]
            shown = ", ".join(dotted(c) for c in children[:12])
            more = "" if len(children) <= 12 else f" and {len(children) - 12} more"
            yield self.flag(
                f"{dotted(code)} ({ctx.kb.description(code)}) is a header, not a billable "
                f"code; choose one of its billable codes: {shown}{more}.",
                codes=[code],
                suggestion=([code], with_) if with_ else None,
            )
