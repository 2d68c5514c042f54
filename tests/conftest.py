"""Small stories built in code, so each test shows its own case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import provenance
from provenance import Story

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"


def mention(claim: str, stance: str, holder: str | None = None, **more: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"claim": claim, "stance": stance, **more}
    if holder is not None:
        out["holder"] = holder
    return out


def report(rid: str, actor: str, *mentions: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"id": rid, "actor": actor, "claims": list(mentions), **more}


def link(source: str, target: str, relation: str = "cites", **more: Any) -> dict[str, Any]:
    return {"source": source, "target": target, "relation": relation, **more}


def story_data(
    reports: list[dict[str, Any]],
    links: list[dict[str, Any]] = (),  # type: ignore[assignment]
    *,
    actors: list[dict[str, Any]] | None = None,
    claims: list[str] | None = None,
    title: str = "Test story",
) -> dict[str, Any]:
    """A story document; actors and claims named by the reports are created."""
    if actors is None:
        names: dict[str, None] = {}
        for r in reports:
            names[r["actor"]] = None
            for m in r.get("claims", []):
                if m.get("holder"):
                    names[m["holder"]] = None
        actors = [{"id": a, "name": a.upper()} for a in names]
    if claims is None:
        found: dict[str, None] = {}
        for r in reports:
            for m in r.get("claims", []):
                found[m["claim"]] = None
        claims = list(found)
    return {
        "format": "provenance-story",
        "version": 1,
        "title": title,
        "actors": actors,
        "claims": [{"id": c, "text": f"claim {c}"} for c in claims],
        "reports": reports,
        "links": list(links),
    }


def make_story(reports: list[dict[str, Any]], links: list[dict[str, Any]] = (),  # type: ignore[assignment]
               **kw: Any) -> Story:
    return provenance.loads(json.dumps(story_data(reports, links, **kw)))


@pytest.fixture
def syria() -> Story:
    return provenance.load(SAMPLES / "syria-joint-strike.json")



@pytest.fixture(params=sorted(SAMPLES.glob("*.json")), ids=lambda path: path.stem)
def sample(request: pytest.FixtureRequest) -> Story:
    return provenance.load(request.param)

