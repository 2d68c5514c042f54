"""Small stories built in code for the rules of issue 11 (one case per test)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from provenance.model import Actor, Claim, ClaimMention, Link, Relation, Report, Stance, Story

__all__ = ["said", "rep", "to", "build", "role_names", "ClaimMention", "Stance"]


def said(claim: str, stance: str, holder: str | None = None, **more: Any) -> ClaimMention:
    """A claim mention: ``said("c", "asserts", part=Part.HEADLINE)``."""
    return ClaimMention(claim, Stance(stance), holder=holder, **more)


def rep(rid: str, actor: str, *mentions: ClaimMention, **more: Any) -> Report:
    return Report(rid, actor, claims=mentions, **more)


def to(source: str, target: str, relation: str = "cites", **more: Any) -> Link:
    return Link(source, target, Relation(relation), **more)


def build(reports: Sequence[Report], links: Sequence[Link] = (), *,
          claims: Sequence[Claim] = (), **more: Any) -> Story:
    """A story whose actors and claims are those its reports name (plus ``claims``)."""
    names = {r.actor for r in reports} | {
        m.holder for r in reports for m in r.claims if m.holder is not None}
    given = {c.id for c in claims}
    claim_ids = sorted({m.claim for r in reports for m in r.claims} - given)
    return Story("Case", actors=[Actor(a, a.title()) for a in sorted(names)],
                 claims=[*claims, *(Claim(c, c) for c in claim_ids)],
                 reports=reports, links=links, **more)


def role_names(analysis: Any, claim: str = "c") -> dict[str, list[str]]:
    return {rid: [r.value for r in rs] for rid, rs in analysis.claims[claim].roles.items()}
