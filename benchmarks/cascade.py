"""Synthetic story cascades for the benchmarks: deterministic, any size.

A few firsthand origins assert some of five claims; every later report draws on one
to three earlier ones (mostly recent), carries what its sources carried, and now and
then distorts a claim (inflates it, invents it, flips it or misattributes it). A few
reports rebut, a few links are uncertain, times increase with mixed precision.
"""

from __future__ import annotations

import gc
import random
from typing import Any

__all__ = ["cascade"]

STANCES = ["questions", "implies", "attributes", "asserts"]
KINDS = ["article", "headline", "post", "broadcast", "translation", "analysis"]
ACTOR_KINDS = ["newspaper", "broadcaster", "online_outlet", "social_account", "blog",
               "wire_service", "state_media"]
RELATIONS = ["cites", "quotes", "paraphrases", "summarizes", "translates"]


def cascade(n: int, *, seed: int = 0, claims: int = 5, origins: int = 5,
            distortion_rate: float = 0.002) -> dict[str, Any]:
    """A story document (format version 1) with ``n`` reports."""
    # Millions of small dicts and no cycles: the cycle collector would only slow this down.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _cascade(n, seed, claims, origins, distortion_rate)
    finally:
        if enabled:
            gc.enable()


def _cascade(n: int, seed: int, claims: int, origins: int,
             distortion_rate: float) -> dict[str, Any]:
    rng = random.Random(seed)
    n_actors = max(origins + 1, min(n // 10, 20_000))
    actors = [{"id": f"a{i}", "name": f"Outlet {i}", "kind": rng.choice(ACTOR_KINDS),
               "audience": rng.randrange(100, 1_000_000)} for i in range(n_actors)]
    for i in range(origins):
        actors[i]["kind"] = "government"
    claim_ids = [f"c{i}" for i in range(claims)]
    holders = {c: f"a{rng.randrange(origins)}" for c in claim_ids}
    reports: list[dict[str, Any]] = []
    links: list[dict[str, Any]] = []
    carried: list[dict[str, str]] = []  # per report: claim -> stance
    for i in range(n):
        rid = f"r{i}"
        minute = i * 2 + rng.randrange(2)
        day, rest = divmod(minute, 24 * 60)
        stamp = f"2020-{1 + day // 28 % 12:02d}-{1 + day % 28:02d}"
        if i % 7:
            stamp += f"T{rest // 60:02d}:{rest % 60:02d}:00+00:00"
        report: dict[str, Any] = {"id": rid, "kind": "article", "published": stamp}
        mine: dict[str, str] = {}
        if i < origins or i == 0:
            report["actor"] = f"a{i % origins}"
            report["kind"] = "statement"
            for c in rng.sample(claim_ids, rng.randint(1, 2)):
                mine[c] = "asserts"
                holders[c] = report["actor"]
        else:
            report["actor"] = f"a{rng.randrange(origins, n_actors)}"
            report["kind"] = rng.choice(KINDS)
            window = max(0, i - 2000)
            if rng.random() < 0.01:  # a fact-check: rebuts one report, denies its claims
                s = rng.randrange(window, i)
                links.append({"source": f"r{s}", "target": rid, "relation": "rebuts"})
                report["kind"] = "analysis"
                mine = {c: "denies" for c in carried[s]}
                sources: set[int] = set()
            else:
                sources = {rng.randrange(window, i) for _ in range(rng.randint(1, 3))}
            for s in sorted(sources):
                link: dict[str, Any] = {"source": f"r{s}", "target": rid,
                                        "relation": rng.choice(RELATIONS)}
                if rng.random() < 0.05:
                    link["confidence"] = round(rng.uniform(0.3, 0.95), 2)
                links.append(link)
                for c, stance in carried[s].items():
                    if stance != "denies" and rng.random() < 0.9:
                        mine.setdefault(c, "attributes" if stance == "asserts" else stance)
            if rng.random() < distortion_rate:
                c = rng.choice(claim_ids)
                current = mine.get(c)
                if current is None:
                    mine[c] = rng.choice(["implies", "asserts"])  # invented
                elif current == "denies":
                    mine[c] = "asserts"  # flipped
                else:
                    mine[c] = STANCES[min(3, STANCES.index(current) + 1)]  # inflated
        mentions = []
        for c, stance in mine.items():
            mention = {"claim": c, "stance": stance}
            if stance == "attributes":
                mention["holder"] = holders[c]
            mentions.append(mention)
        if mentions:
            report["claims"] = mentions
        carried.append(mine)
        reports.append(report)
    return {
        "format": "provenance-story",
        "version": 1,
        "title": f"Synthetic cascade of {n:,} reports",
        "actors": actors,
        "claims": [{"id": c, "text": f"Synthetic claim {c}"} for c in claim_ids],
        "reports": reports,
        "links": links,
    }
