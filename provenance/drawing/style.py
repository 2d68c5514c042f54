"""How stories look: colours and line styles, as data shared by every drawing.

The matplotlib renderer, the Graphviz (DOT) export and the Qt viewer all read
these tables, so a story looks the same wherever it is drawn. Colours are from
the Okabe-Ito palette (safe for the common forms of colour blindness), with one
strong red kept for distortions alone.

Examples
--------
>>> ACTOR_COLORS[ActorKind.STATE_MEDIA]
'#E69F00'
>>> RELATION_STYLES[Relation.REBUTS].dashed
True
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from ..analysis import Role
from ..model import ActorKind, Relation, Stance

__all__ = [
    "ACTOR_COLORS",
    "ACTOR_KIND_LABELS",
    "RELATION_STYLES",
    "RelationStyle",
    "STANCE_COLORS",
    "ROLE_COLORS",
    "DISTORTION_COLOR",
    "POINT_COLOR",
    "PLANTED_COLOR",
    "REBUTTAL_COLOR",
    "GREYED_COLOR",
    "SATIRE_COLOR",
    "SATIRE_EDGE_COLOR",
    "SATIRE_TEXT_COLOR",
    "ACCOUNT_ONLY_COLOR",
    "CARD_TEXT_COLOR",
    "CARD_TEXT_ON_DARK",
    "CARD_EDGE_COLOR",
    "GREYED_EDGE_COLOR",
    "GREYED_TEXT_COLOR",
    "LINK_LABEL_COLOR",
    "LABEL_BACKGROUND",
    "link_alpha",
    "text_color_on",
]

#: Fill colour of a report card, by the kind of actor that published it.
ACTOR_COLORS: Mapping[ActorKind, str] = {
    ActorKind.GOVERNMENT: "#0072B2",
    ActorKind.MILITARY: "#56B4E9",
    ActorKind.STATE_MEDIA: "#E69F00",
    ActorKind.WIRE_SERVICE: "#CC79A7",
    ActorKind.NEWSPAPER: "#009E73",
    ActorKind.BROADCASTER: "#7FC9B0",
    ActorKind.ONLINE_OUTLET: "#A6D8C5",
    ActorKind.SOCIAL_ACCOUNT: "#F0E442",
    ActorKind.BLOG: "#F5EE9A",
    ActorKind.ENCYCLOPEDIA: "#B7A3D6",
    ActorKind.FACT_CHECKER: "#9AD0F5",
    ActorKind.RESEARCHER: "#D8C7A0",
    ActorKind.PERSON: "#E8C1D8",
    ActorKind.OTHER: "#D9D9D9",
}

#: Legend names of the actor kinds.
ACTOR_KIND_LABELS: Mapping[ActorKind, str] = {
    kind: kind.value.replace("_", " ") for kind in ActorKind
}


@attrs.frozen
class RelationStyle:
    """How a link of one relation is drawn."""

    color: str
    dashed: bool
    width: float
    label: str


#: Links: transmitting relations solid grey, ``rebuts`` dashed green, ``corrects`` dotted.
RELATION_STYLES: Mapping[Relation, RelationStyle] = {
    Relation.QUOTES: RelationStyle("#4D4D4D", False, 1.6, "quotes"),
    Relation.PARAPHRASES: RelationStyle("#4D4D4D", False, 1.4, "paraphrases"),
    Relation.SUMMARIZES: RelationStyle("#4D4D4D", False, 1.4, "summarizes"),
    Relation.TRANSLATES: RelationStyle("#4D4D4D", False, 1.4, "translates"),
    Relation.CITES: RelationStyle("#4D4D4D", False, 1.2, "cites"),
    Relation.REBUTS: RelationStyle("#009E73", True, 1.4, "rebuts"),
    Relation.CORRECTS: RelationStyle("#7F7F7F", True, 1.0, "corrects"),
}

#: The one strong colour: every distortion, its card border and its incoming link.
DISTORTION_COLOR = "#D7191C"
#: The point of distortion's halo.
POINT_COLOR = "#D7191C"
#: Where a claim was planted (implied before it was stated).
PLANTED_COLOR = "#F28E2B"
#: Reports that rebut a distorted claim.
REBUTTAL_COLOR = "#009E73"
#: Reports outside a lens (claim lens, lineage) are drawn in this colour.
GREYED_COLOR = "#E6E6E6"
#: Version 2: a satirical report (it says nothing as fact) is greyed as satire: a
#: darker grey than a card outside a lens, with a "SATIRE" tag.
SATIRE_COLOR = "#C8C8C8"
SATIRE_EDGE_COLOR = "#6E6E6E"
SATIRE_TEXT_COLOR = "#3C3C3C"
#: Comparing competing accounts: the frame of a card or the colour of a link that only
#: one of the two accounts holds.
ACCOUNT_ONLY_COLOR = "#00838F"
CARD_TEXT_COLOR = "#1A1A1A"
#: Text on a dark fill (see :func:`text_color_on`).
CARD_TEXT_ON_DARK = "#FFFFFF"
#: The border of an ordinary report card.
CARD_EDGE_COLOR = "#4D4D4D"
#: Border and text of a card outside a lens.
GREYED_EDGE_COLOR = "#BDBDBD"
GREYED_TEXT_COLOR = "#8C8C8C"
#: A link's label (its relation), and the background behind labels.
LINK_LABEL_COLOR = "#4D4D4D"
LABEL_BACKGROUND = "#FFFFFF"

#: The claim lens: each report coloured by its stance on the chosen claim.
STANCE_COLORS: Mapping[Stance, str] = {
    Stance.ASSERTS: "#B2182B",
    Stance.ATTRIBUTES: "#EF8A62",
    Stance.IMPLIES: "#FDDBC7",
    Stance.QUESTIONS: "#F7F7F7",
    Stance.DENIES: "#67A9CF",
}

#: The claim lens: the border of each report, by its role for the chosen claim.
ROLE_COLORS: Mapping[Role, str] = {
    Role.ORIGIN: "#1A1A1A",
    Role.FAITHFUL: "#7F7F7F",
    Role.INVENTED: DISTORTION_COLOR,
    Role.INFLATED: DISTORTION_COLOR,
    Role.FLIPPED: DISTORTION_COLOR,
    Role.MISATTRIBUTED: DISTORTION_COLOR,
    Role.CIRCULAR: "#7B3294",
    Role.SATIRE_AS_FACT: DISTORTION_COLOR,
    Role.HEADLINE_OVERSTATES: DISTORTION_COLOR,
    Role.CONTEXT_DROPPED: DISTORTION_COLOR,
}


def link_alpha(confidence: float) -> float:
    """Opacity of a link: a link of confidence 0 is faint, never invisible.

    >>> link_alpha(1.0), link_alpha(0.0)
    (1.0, 0.25)
    """
    return 0.25 + 0.75 * max(0.0, min(1.0, confidence))


def text_color_on(fill: str) -> str:
    """The text colour that reads best on a ``#RRGGBB`` fill.

    >>> text_color_on(ACTOR_COLORS[ActorKind.GOVERNMENT]), text_color_on(GREYED_COLOR)
    ('#FFFFFF', '#1A1A1A')
    """
    red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    # Relative luminance (sRGB, roughly): dark fills take white text.
    luminance = 0.2126 * red**2.2 + 0.7152 * green**2.2 + 0.0722 * blue**2.2
    return CARD_TEXT_ON_DARK if luminance < 0.18 else CARD_TEXT_COLOR
