"""Hypothesis strategies shared by every test module, one section per domain area."""

from __future__ import annotations

from hypothesis import strategies as st

from orientation_core import (
    AcademySettings,
    Intention,
    IntentionSet,
    Statut,
    Voie,
    normalise_precision,
)
from orientation_core._problems import MAX_PRECISION_LENGTH

# --- values (issue 2) -------------------------------------------------------

voies = st.sampled_from(Voie)
statuts = st.frozensets(st.sampled_from(Statut))

# Text as families type it: letters, accents, white space of every kind,
# combining marks, and now and then something that is refused.
raw_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "Cc", "S")),
    max_size=260,
)
# A few characters grow under NFC, hence the filter on the stored length.
precision_text = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "Zs", "S")),
    min_size=1,
    max_size=200,
).filter(lambda t: 0 < len(normalise_precision(t) or "") <= MAX_PRECISION_LENGTH)


@st.composite
def intentions(draw: st.DrawFn, voie: Voie | None = None) -> Intention:
    """A valid intention, of ``voie`` when given."""
    chosen = draw(voies) if voie is None else voie
    if not chosen.accepts_details:
        return Intention(chosen)
    precision = draw(st.none() | precision_text)
    return Intention(chosen, precision, draw(statuts))


@st.composite
def intention_sets(draw: st.DrawFn, min_size: int = 1, max_size: int = 3) -> IntentionSet:
    """A valid set of ``min_size`` to ``max_size`` intentions."""
    chosen = draw(st.lists(voies, min_size=min_size, max_size=max_size, unique=True))
    return IntentionSet([draw(intentions(v)) for v in chosen])


academy_settings = st.builds(AcademySettings, details_enabled=st.booleans())

# --- campaign (issue 3) -----------------------------------------------------

# --- dossier (issue 4) ------------------------------------------------------
