"""The words people read: pages, recaps, e-mails and dates, in French, as the guide has them.

This package sits around the pure core: it reads the core's values and states
and gives the texts a family or a school reads.  Dates are shown in the
school's own time zone, with pendulum's French words for days, months and
durations.
"""

from orientation_core.texts._email import (
    MODIFICATIONS_SENTENCE,
    confirmation_email,
    valid_address,
)
from orientation_core.texts._recap import (
    RECAP_TITLE,
    Recap,
    RecapGroup,
    appeal_recap,
    avis_recap,
    choix_recap,
    decision_recap,
    dossier_recaps,
    intentions_recap,
    propositions_recap,
)

__all__ = [
    "MODIFICATIONS_SENTENCE",
    "RECAP_TITLE",
    "Recap",
    "RecapGroup",
    "appeal_recap",
    "avis_recap",
    "choix_recap",
    "confirmation_email",
    "decision_recap",
    "dossier_recaps",
    "intentions_recap",
    "propositions_recap",
    "valid_address",
]
