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

# Which changes of a platform's policies a person is told of (and has their finished steps there reopened for):
# optout's judgement of a change it is not sure of is wrong about half the time (the watch page says so)
EVERY_CHANGE, SURE_ONLY = "all", "sure"
POLICY_NEWS_CHOICES = [
    (EVERY_CHANGE, _("Every change that may be about AI (you miss fewest changes)")),
    (SURE_ONLY, _("Only changes optout is sure are about AI (fewer false alarms; you may miss some changes)")),
]
