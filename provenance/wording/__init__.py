"""Every sentence the project writes, in one place.

- :mod:`~provenance.wording.names`: how reports, actors and dates are named, and the
  one clipping of any text to a line (:func:`clip`);
- :mod:`~provenance.wording.account`: the analysis told in words (:func:`account`, what
  ``provenance analyze`` prints);
- :mod:`~provenance.wording.labels`: the short texts of a picture: changes along a
  link, stance lines, the text estimate's label, captions;
- :mod:`~provenance.wording.outline`: the viewer's docks as data: the analysis as an
  outline, a report's and a link's facts.

Wording reads the analysis and the drift estimate; it never draws and never touches
files (the ``--json`` document is :mod:`provenance.files.analysis_json`).
"""

from __future__ import annotations

from .account import account, describe_distortion, no_point_summary
from .labels import (
    change_label,
    change_lines,
    changes_along,
    drift_label,
    lens_caption,
    link_changes,
    point_caption,
    report_stance_line,
    stance_line,
    suggestion_text,
)
from .names import (
    INVISIBLE,
    actor_name,
    card_detail,
    clip,
    is_noncharacter,
    report_label,
    time_text,
)

__all__ = ["INVISIBLE", "account", "actor_name", "card_detail", "change_label", "change_lines",
           "changes_along", "clip", "describe_distortion", "drift_label", "is_noncharacter",
           "lens_caption", "link_changes", "no_point_summary", "point_caption", "report_label",
           "report_stance_line", "stance_line", "suggestion_text", "time_text"]
