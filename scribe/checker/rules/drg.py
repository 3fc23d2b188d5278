"""MS-DRG impact, informational, with the optional `msdrg` package (MS-DRG v43)."""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from functools import cache
from typing import Any

from scribe.checker.engine import Context, Rule, register
from scribe.coding import concept_for_code
from scribe.icd10.kb import dotted
from scribe.models import Flag

MSDRG_VERSION = 431


@cache
def _grouper() -> Any:
    try:
        from msdrg import MsdrgGrouper
    except ImportError:  # optional extra `scribe[drg]`
        return None
    # Release the native grouper before interpreter shutdown (its __del__ fails late).
    atexit.register(_grouper.cache_clear)
    return MsdrgGrouper()


def _group(grouper: Any, pdx: str, sdx: list[str]) -> dict[str, Any]:
    from msdrg import create_claim

    claim = create_claim(version=MSDRG_VERSION, age=60, sex=0, discharge_status=1, pdx=pdx, sdx=sdx)
    result: dict[str, Any] = grouper.group(claim)
    return result


@register
class DrgImpact(Rule):
    """`drg-impact` (info): the MS-DRG each musculoskeletal code groups to as
    principal diagnosis, without and with an MCC (CMS MS-DRG v43 grouper logic).
    Runs only when asked (`--drg`): it is advice for coders, not a check.

    Source: CMS MS-DRG v43 grouper logic (package `msdrg`); muscle vs joint changes
    the DRG family (556/555 vs 566/565/564), the site does not
    (shared/domain/icd10cm-notes.md).
    """

    id = "drg-impact"
    severity = "info"

    def check(self, ctx: Context) -> Iterator[Flag]:
        if not ctx.drg:
            return
        grouper = _grouper()
        if grouper is None:
            return
        for code, _ in ctx.coded:
            if concept_for_code(code) is None:
                continue
            plain = _group(grouper, code, [])
            mcc = _group(grouper, code, ["A419"])  # sepsis: a reference MCC
            yield self.flag(
                f"As principal diagnosis {dotted(code)} groups to MS-DRG {plain['final_drg']} "
                f"({plain['final_drg_description']}); with an MCC to MS-DRG {mcc['final_drg']}.",
                codes=[code],
            )
