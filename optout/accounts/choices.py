"""What a person tells optout about themselves: the choice lists of the profile.

Pure (no Django), so the planner, the export format and the forms share them; labels are translated
where they are shown.
"""

from __future__ import annotations

from optout.lib.i18n import gettext_noop as _

CREATOR_KINDS = [
    ("visual-artist", _("Visual artist or illustrator")),
    ("photographer", _("Photographer")),
    ("writer", _("Writer")),
    ("musician", _("Musician")),
    ("video", _("Video maker")),
    ("other", _("Something else")),
]
VISIBILITY_CHOICES = [
    ("public", _("My work must stay public: I need clients and followers to find it")),
    ("balanced", _("Some accounts can be private, others must stay public")),
    ("private", _("I can make my accounts private wherever that helps")),
]
