"""The picture for painters that draw text and borders only (DOT, Mermaid).

Such a target has no halo or frame to draw a mark with, so a card shows its strongest
mark as its border (:data:`BORDERS`, :func:`finding`), its lines as text
(:func:`card_text`), and a link its opacity in its colour (:func:`faded`).
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..wording import clip
from .picture import CardView, LinkView
from .style import DISTORTION_COLOR, PLANTED_COLOR, POINT_COLOR

__all__ = ["Border", "BORDERS", "finding", "card_text", "faded", "change_text"]


@attrs.frozen
class Border:
    """How a card's border shows a mark, where a picture cannot draw a halo or a frame."""

    color: str
    width: float
    dashed: bool = False


#: Card borders by mark, the most specific first: a card shows the first that applies.
#: (Where a claim was planted is itself a distortion; its red link shows that.)
BORDERS: Mapping[str, Border] = {
    "point": Border(POINT_COLOR, 4.0),
    "estimate": Border(POINT_COLOR, 4.0, dashed=True),
    "planted": Border(PLANTED_COLOR, 2.4, dashed=True),
    "distortion": Border(DISTORTION_COLOR, 2.4),
}


def finding(card: CardView) -> str | None:
    """The strongest mark on a card (a key of :data:`BORDERS`), if any."""
    if card.ring is not None:
        return card.ring
    if card.planted:
        return "planted"
    return "distortion" if card.distorted else None


def card_text(card: CardView) -> list[str]:
    """The lines of a card in DOT and Mermaid: its lines (clipped), its id, its stance
    line for the focus claim ("c: attributes, headline: asserts"), its tags ("point of
    distortion", "SATIRE")."""
    lines = [clip(card.name, 60), f"{card.detail} [{clip(card.report, 60)}]"]
    if card.title:
        lines.append(clip(card.title, 60))
    if card.stance is not None:
        lines.append(clip(card.stance, 60))
    lines.extend(card.tags)
    return lines


def faded(link: LinkView) -> str:
    """The link's colour, as ``#RRGGBBAA`` when its opacity is below 1."""
    return link.color if link.alpha >= 1.0 else f"{link.color}{round(link.alpha * 255):02X}"


def change_text(link: LinkView) -> list[str]:
    """The changes written on a link, one line each, naming their claims."""
    return [line for change in link.named_changes for line in change.split("\n")]
