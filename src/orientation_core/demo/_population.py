"""The demo's collège: its classes, pupils, guardians and staff, drawn from a seed."""

from __future__ import annotations

import random
import unicodedata
from datetime import date

import attrs

from orientation_core._academy import Academy, PhaseWindow
from orientation_core._actors import Guardian, Pupil, Role, Staff
from orientation_core._intention import Intention, IntentionSet
from orientation_core._phase import Phase
from orientation_core._voie import Statut, Voie

SCHOOL_NAME = "Collège Lucie Aubrac"
"""The guide's collège ("CLG LUCIE AUBRAC")."""

UAI = "0691234S"
"""A UAI of the Rhône, with its check letter (691234 mod 23 gives S)."""

RENTREE = 2027

CLASSES = ("3e A", "3e B", "3e C", "3e D")

ACADEMY = Academy(
    "Lyon",
    "Europe/Paris",
    # The académie's dates within which each school places its own (the guide's "dates 1 et 3").
    windows=[
        PhaseWindow(Phase.PROVISIONAL_OPEN, date(2027, 1, 4), date(2027, 2, 12)),
        PhaseWindow(Phase.DEFINITIVE_OPEN, date(2027, 4, 6), date(2027, 5, 21)),
    ],
)

SCHEDULE = {
    Phase.PROVISIONAL_OPEN: (date(2027, 1, 11), date(2027, 2, 5)),
    Phase.PROVISIONAL_CLOSED: (date(2027, 2, 6), date(2027, 3, 14)),
    Phase.AVIS_PUBLISHED: (date(2027, 3, 15), date(2027, 4, 11)),
    Phase.DEFINITIVE_OPEN: (date(2027, 4, 12), date(2027, 5, 14)),
    Phase.DEFINITIVE_CLOSED: (date(2027, 5, 15), date(2027, 6, 6)),
    Phase.PROPOSITIONS_PUBLISHED: (date(2027, 6, 7), date(2027, 6, 13)),
    Phase.DECISIONS: (date(2027, 6, 14), date(2027, 7, 4)),
}

_PUPIL_NAMES = (
    "Adam", "Agathe", "Alice", "Amir", "Anaïs", "Arthur", "Baptiste", "Camille", "Chloé",
    "Clément", "Élise", "Emma", "Enzo", "Éva", "Gabriel", "Hugo", "Inès", "Jade", "Jules",
    "Juliette", "Léa", "Léo", "Lina", "Louis", "Lucas", "Maël", "Manon", "Mathis", "Maxime",
    "Mohamed", "Nathan", "Noah", "Noémie", "Paul", "Rayan", "Romane", "Sacha", "Sarah",
    "Théo", "Yasmine", "Zoé",
)  # fmt: skip
_ADULT_NAMES = (
    "Aurélie", "Bruno", "Caroline", "Cédric", "Christophe", "Claire", "David", "Delphine",
    "Émilie", "Fabrice", "Farida", "Frédéric", "Hélène", "Isabelle", "Jérôme", "Karim",
    "Laurent", "Malika", "Nadia", "Nicolas", "Olivier", "Patricia", "Sandrine", "Sébastien",
    "Sophie", "Stéphane", "Valérie", "Virginie", "Xavier", "Yann",
)  # fmt: skip
_FAMILY_NAMES = (
    "Benali", "Bernard", "Bonnet", "Boyer", "Chevalier", "Clément", "David", "Diallo",
    "Dubois", "Durand", "Fabre", "Faure", "Fontaine", "François", "Garnier", "Girard",
    "Guerin", "Lambert", "Laurent", "Lefebvre", "Legrand", "Leroy", "Martin", "Masson",
    "Mercier", "Michel", "Moreau", "Morel", "Nguyen", "Perrin", "Petit", "Richard", "Robert",
    "Rousseau", "Roux", "Simon", "Thomas", "Vincent",
)  # fmt: skip
_METIERS_PRO = (
    "Métiers de la relation client", "Métiers de l'alimentation", "Métiers de l'électricité",
    "Maintenance des véhicules", "Accompagnement, soins et services à la personne",
    "Métiers du bois",
)  # fmt: skip
_METIERS_CAP = ("Cuisine", "Boulangerie", "Coiffure", "Menuisier fabricant", "Fleuriste")


FOLLOWED_INTENTIONS = IntentionSet(
    [Intention(Voie.GT), Intention(Voie.PRO, "Métiers de la relation client", [Statut.SCOLAIRE])]
)
"""What the followed family first validates."""


@attrs.frozen
class Family:
    """A pupil, their guardians, and what the story has them do.

    Attributes:
        pupil: The pupil.
        guardians: One or two guardians, the first being the one who enters.
        intentions: What the family asks for in the second term.
        behaviour: How the family goes through the intentions: ``"online"``,
            ``"late"`` (after the school's reminder), ``"paper"`` or ``"never"``.

    """

    pupil: Pupil
    guardians: tuple[Guardian, ...]
    intentions: IntentionSet
    behaviour: str


@attrs.frozen
class School:
    """The collège of the demo: its staff and its families, in class and drawing order.

    Attributes:
        head: The chef d'établissement.
        secretariat: The secretariat, who key in the paper forms.
        teachers: The professeur principal of each class.
        families: Every family.

    """

    head: Staff
    secretariat: Staff
    teachers: dict[str, Staff]
    families: tuple[Family, ...]

    def of_class(self, classe: str) -> list[Family]:
        """The families of one class."""
        return [f for f in self.families if f.pupil.classe == classe]


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c == "-"))


def _intentions(rng: random.Random) -> IntentionSet:
    pro = Intention(Voie.PRO, rng.choice(_METIERS_PRO), rng.choice([[], [Statut.SCOLAIRE]]))
    cap = Intention(
        Voie.CAP, rng.choice(_METIERS_CAP), rng.choice([[], [Statut.APPRENTI], [Statut.SCOLAIRE]])
    )
    gt = Intention(Voie.GT)
    patterns = (
        [[gt]] * 9 + [[gt, pro]] * 4 + [[pro]] * 3 + [[pro, cap]] * 2 + [[cap], [gt, pro, cap]]
    )
    return IntentionSet(rng.choice(patterns))


def _guardians(
    rng: random.Random, number: int, family_name: str, *, followed: bool
) -> tuple[Guardian, ...]:
    count = 2 if followed or rng.random() >= 0.25 else 1
    guardians = []
    for rank in range(1, count + 1):
        first = rng.choice(_ADULT_NAMES)
        email = None
        if followed or rng.random() > 0.15:  # some families gave the school no address
            email = f"{_ascii(first)}.{_ascii(family_name)}{number}@example.fr"
        guardians.append(Guardian(f"resp-{number:03d}-{rank}", f"{first} {family_name}", email))
    return tuple(guardians)


def _behaviour(rng: random.Random) -> str:
    draw = rng.random()
    if draw < 0.72:
        return "online"
    if draw < 0.82:
        return "late"
    if draw < 0.90:
        return "paper"
    return "never"


def draw_school(seed: int) -> School:
    """The collège's population drawn from ``seed``: the same seed, the same school."""
    rng = random.Random(seed)
    head = Staff(f"ce-{UAI}", UAI, Role.HEAD)
    secretariat = Staff(f"sec-{UAI}", UAI, Role.SECRETARIAT)
    teachers = {
        classe: Staff(f"pp-{_ascii(classe)}", UAI, Role.PROFESSEUR_PRINCIPAL, [classe])
        for classe in CLASSES
    }
    families: list[Family] = []
    taken: set[str] = set()
    for classe in CLASSES:
        for _ in range(rng.randint(23, 27)):
            name = f"{rng.choice(_PUPIL_NAMES)} {rng.choice(_FAMILY_NAMES)}"
            while name in taken:
                name = f"{rng.choice(_PUPIL_NAMES)} {rng.choice(_FAMILY_NAMES)}"
            taken.add(name)
            number = len(families) + 1
            pupil = Pupil(f"eleve-{number:03d}", name, classe)
            # The first family is the one the story follows: two guardians with an address, who
            # hesitate between the 2de GT and the 2de professionnelle, online.
            followed = number == 1
            guardians = _guardians(rng, number, name.split(" ", 1)[1], followed=followed)
            intentions, behaviour = _intentions(rng), _behaviour(rng)
            if followed:
                intentions, behaviour = FOLLOWED_INTENTIONS, "online"
            families.append(Family(pupil, guardians, intentions, behaviour))
    # Whatever the seed, one family sends a paper form and one never validates.
    families[1] = attrs.evolve(families[1], behaviour="paper")
    families[-1] = attrs.evolve(families[-1], behaviour="never")
    return School(head, secretariat, teachers, tuple(families))
