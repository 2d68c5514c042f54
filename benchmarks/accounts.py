"""Time the analysis of competing accounts and of version 2 stories against version 1.

For each size, :func:`benchmarks.cascade.cascade` builds a story, and one run measures:

- ``one account``: :func:`provenance.analyze` of one account's story (the baseline);
- ``two accounts``: the analysis of the same story given two accounts and
  ``--items`` account-specific reports, links and mentions (each account analysed, the
  accounts compared, and for every item whether each account's point rests on it);
- ``version 1``: the analysis of the cascade as it is (the baseline for the next);
- ``version 2``: the same story written with version 2 features that leave its
  findings as they are (a qualifying claim, headlines, hedged denials, satire), so that
  only what the features cost is measured; no accounts.

Each is the best of ``--repeat`` runs, with a garbage collection before each; the ratios
are against the baselines measured in the same run. The goals: two accounts within 3
times one account's analysis; version 2 as fast as version 1.

Usage::

    python benchmarks/accounts.py [--sizes 20000,100000] [--items 20] [--repeat 3]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.append(str(ROOT))  # run from a clone without installing

import provenance  # noqa: E402
from benchmarks.cascade import cascade  # noqa: E402
from provenance.model import (  # noqa: E402
    Account,
    Claim,
    Genre,
    Part,
    Stance,
    Story,
    account_story,
)


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def with_accounts(story: Story, items: int, seed: int) -> Story:
    """The story with accounts "a" and "b" and ``items`` items that only one holds:
    a third each mentions, links and reports, in random places."""
    rng = random.Random(seed)
    reports = list(story.reports)
    links = list(story.links)
    for k in range(items):
        which = ("a",) if k % 2 else ("b",)
        kind = k % 3
        if kind == 0:  # a mention of one report in one account only
            i = rng.randrange(len(reports))
            r = reports[i]
            if r.claims:
                j = rng.randrange(len(r.claims))
                claims = list(r.claims)
                claims[j] = attrs.evolve(claims[j], accounts=which)
                reports[i] = attrs.evolve(r, claims=claims)
        elif kind == 1:  # a link in one account only
            k2 = rng.randrange(len(links))
            links[k2] = attrs.evolve(links[k2], accounts=which)
        else:  # a report (with its links) in one account only
            i = rng.randrange(len(reports))
            rid = reports[i].id
            reports[i] = attrs.evolve(reports[i], accounts=which)
            links = [attrs.evolve(link, accounts=which)
                     if rid in (link.source, link.target) and not link.accounts else link
                     for link in links]
    return attrs.evolve(story, reports=reports, links=links,
                        accounts=[Account("a", "Account A"), Account("b", "Account B")])


def version_2(story: Story, seed: int) -> tuple[Story, Story]:
    """The story written with version 2 features that leave its findings as they are,
    and the same story in version 1 terms, so that only what the features cost is
    measured: every report carrying the first claim also carries another claim at the
    same stance (in version 2 it qualifies the first), 2% repeat a mention in their
    headline, every denial is hedged, and 1% of the reports no one draws on are satire."""
    rng = random.Random(seed)
    first = story.claims[0].id
    v1_reports, v2_reports = [], []
    drawn_on = {link.source for link in story.links}
    for r in story.reports:
        extra = [attrs.evolve(m, claim="context") for m in r.claims if m.claim == first]
        v1_reports.append(attrs.evolve(r, claims=[*r.claims, *extra]))
        mentions = [attrs.evolve(m, hedged=True) if m.stance is Stance.DENIES else m
                    for m in (*r.claims, *extra)]
        if rng.random() < 0.02:  # (the headline keeps the qualifier with its claim)
            mentions += [attrs.evolve(m, part=Part.HEADLINE) for m in list(mentions)]
        satire = r.id not in drawn_on and rng.random() < 0.01
        v2_reports.append(attrs.evolve(r, claims=mentions,
                                       genre=Genre.SATIRE if satire else r.genre))
    v1 = attrs.evolve(story, claims=[*story.claims, Claim("context", "in a pilot study")],
                      reports=v1_reports)
    v2 = attrs.evolve(story, claims=[*story.claims, Claim("context", "in a pilot study",
                                                          qualifies=first)],
                      reports=v2_reports)
    return v1, v2


def measure(n: int, items: int, repeat: int, seed: int) -> dict[str, float]:
    story = provenance.loads(json.dumps(cascade(n, seed=seed)))
    accounts = with_accounts(story, items, seed)
    one = account_story(accounts, "a")
    plain, v2 = version_2(story, seed)
    result = provenance.analyze(accounts)
    out = {
        "reports": n,
        "items": len(result.differences),
        "rests_on": sum(bool(d.rests_on) for d in result.differences),
        "one_account": best(lambda: provenance.analyze(one), repeat),
        "two_accounts": best(lambda: provenance.analyze(accounts), repeat),
        "version_1": best(lambda: provenance.analyze(plain), repeat),
        "version_2": best(lambda: provenance.analyze(v2), repeat),
    }
    out["accounts_ratio"] = out["two_accounts"] / out["one_account"]
    out["v2_ratio"] = out["version_2"] / out["version_1"]
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="20000,100000")
    parser.add_argument("--items", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    print(f"{'reports':>9} {'items':>5} {'rest':>4} {'1 account':>10} {'2 accounts':>10} "
          f"{'ratio':>6} {'v1':>8} {'v2':>8} {'ratio':>6}")
    for n in (int(s) for s in args.sizes.split(",")):
        m = measure(n, args.items, args.repeat, args.seed)
        print(f"{m['reports']:>9} {m['items']:>5} {m['rests_on']:>4} "
              f"{m['one_account']:>9.3f}s {m['two_accounts']:>9.3f}s "
              f"{m['accounts_ratio']:>5.2f}x {m['version_1']:>7.3f}s {m['version_2']:>7.3f}s "
              f"{m['v2_ratio']:>5.2f}x", flush=True)


if __name__ == "__main__":
    main()
