"""The words people read: pages, recaps, e-mails and dates, in French, as the guide has them.

This package sits around the pure core: it reads the core's values and states
and gives the texts a family or a school reads.  Dates are shown in the
school's own time zone, with pendulum's French words for days, months and
durations.
"""

from orientation_core.texts._dates import TODAY, date_range, long_date, short_date, time_left

__all__: list[str] = [
    "TODAY",
    "date_range",
    "long_date",
    "short_date",
    "time_left",
]
