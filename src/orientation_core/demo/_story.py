"""A whole campaign of the demo's collège, told in French as it runs on a SQLite store."""

from __future__ import annotations

import random
import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TextIO, TypeVar
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import track

from orientation_core import sync
from orientation_core._actors import Actor
from orientation_core._campaign import Campaign
from orientation_core._commands import (
    AcceptDecision,
    AcknowledgeAvis,
    Answer,
    AnswerPropositions,
    Avis,
    AvisConseil,
    DossierCommand,
    LodgeAppeal,
    Proposition,
    RecordAppealDecision,
    RecordAvis,
    RecordDecision,
    RecordPropositions,
    ValidateChoix,
    ValidateIntentions,
)
from orientation_core._dossier import Dossier
from orientation_core._events import DossierEvent
from orientation_core._followup import families_to_follow_up
from orientation_core._intention import Intention, IntentionSet
from orientation_core._phase import Phase
from orientation_core._problems import problem
from orientation_core._voie import Voie
from orientation_core.demo._population import (
    ACADEMY,
    CLASSES,
    RENTREE,
    SCHEDULE,
    SCHOOL_NAME,
    UAI,
    Family,
    School,
    draw_school,
)
from orientation_core.exceptions import InvalidForm, InvalidValue, OrientationError
from orientation_core.store import SqliteEventStore, handle, open_dossier
from orientation_core.texts import (
    confirmation_email,
    date_range,
    dossier_recaps,
    long_date,
    not_open_page,
)

SENDER = "orientation@ac-lyon.fr"
"""The address the académie's service sends its e-mails from."""

_SQLITE_HEADER = b"SQLite format 3\x00"
_PARIS = ZoneInfo("Europe/Paris")
_T = TypeVar("_T")


def _check_arguments(db_path: object, seed: object, out: object, progress: object) -> None:
    """Refuse arguments of the wrong type, every problem at once."""
    problems = []
    if not isinstance(db_path, str) or not db_path.strip() or "\x00" in db_path:
        problems.append(problem("type.invalid", ("db_path",), expected="a file path"))
    if type(seed) is not int:
        problems.append(problem("type.invalid", ("seed",), expected="int"))
    if not callable(getattr(out, "write", None)):
        problems.append(problem("type.invalid", ("out",), expected="TextIO"))
    if type(progress) is not bool:
        problems.append(problem("type.invalid", ("progress",), expected="bool"))
    if problems:
        raise InvalidValue(tuple(problems))


def _fresh_store(path: Path) -> SqliteEventStore | None:
    """A new, empty store at ``path``, replacing an earlier demo's; None when it cannot be."""
    try:
        companions = [path, *(path.with_name(path.name + end) for end in ("-wal", "-shm"))]
        if path.exists():
            with path.open("rb") as existing:
                header = existing.read(len(_SQLITE_HEADER))
            # Replacing is only for a database: a mistyped path to another file is left alone.
            if header and header != _SQLITE_HEADER:
                return None
        for companion in companions:
            companion.unlink(missing_ok=True)
        store = SqliteEventStore(path)
        store.create_schema()
    except (OSError, ValueError, sqlite3.Error):  # ValueError: a name the file system cannot take
        return None
    return store


class _Story:
    """The campaign as it runs: the store, the dossiers, and what is printed."""

    def __init__(
        self, store: SqliteEventStore, school: School, seed: int, out: TextIO, *, progress: bool
    ) -> None:
        self.store = store
        self.school = school
        self.rng = random.Random(seed)
        self.out = out
        # The bars are for a person watching: never in a file, a pipe or a golden test.
        isatty = getattr(out, "isatty", None)
        terminal = progress and callable(isatty) and isatty() is True
        self.console = Console(file=out) if terminal else None
        self.campaign = Campaign.plan(ACADEMY, UAI, RENTREE, SCHEDULE)
        self.dossiers: dict[str, Dossier] = {}
        self.followed = school.families[0]

    # --- helpers ------------------------------------------------------------

    def say(self, *lines: str) -> None:
        for line in lines:
            self.out.write(line + "\n")

    def heading(self, title: str) -> None:
        self.say("", title, "=" * len(title), "")

    def steps(self, items: Sequence[_T], label: str) -> Iterable[_T]:
        if self.console is None:
            return items
        return track(items, description=label, console=self.console, transient=True)

    def moment(self, first: date, last: date, earliest: int = 8, latest: int = 21) -> datetime:
        """An instant on a day from ``first`` to ``last``, at a time a person would act."""
        day = first + timedelta(days=self.rng.randint(0, (last - first).days))
        clock = time(self.rng.randint(earliest, latest), self.rng.randint(0, 59))
        return datetime.combine(day, clock.replace(second=self.rng.randint(0, 59)), _PARIS)

    def act(
        self, family: Family, command: DossierCommand, actor: Actor, now: datetime
    ) -> tuple[DossierEvent, ...]:
        dossier, events = handle(
            self.store,
            self.dossiers[family.pupil.id].id,
            command,
            actor=actor,
            campaign=self.campaign,
            now=now,
        )
        self.dossiers[family.pupil.id] = dossier
        return events

    def dossier(self, family: Family) -> Dossier:
        return self.dossiers[family.pupil.id]

    def refused(self, who: str, attempt: str, error: OrientationError) -> None:
        self.say(f"{who} {attempt} : refusé.", f"  Message affiché : « {error} »")

    def follow_up(self, now: datetime, *, names: bool) -> int:
        listed = families_to_follow_up(self.dossiers.values(), self.campaign, now)
        when = f"le {long_date(now, self.zone)}"
        label = "rien" if listed.pending is None else listed.pending.label.lower()
        self.say(f"Familles à relancer {when} ({label}) : {_families(listed.total)}")
        for group in listed.classes:
            self.say(f"  {group.classe} : {_families(group.count)}")
            if names:
                for family in group.families:
                    contacts = ", ".join(
                        f"{g.name} ({g.email or _NO_ADDRESS})" for g in family.guardians
                    )
                    self.say(f"    - {family.pupil.name} : {contacts}")
        return listed.total

    # --- the phases ----------------------------------------------------------

    def run(self, db_name: str) -> None:
        self.introduction(db_name)
        self.calendar()
        self.opening()
        self.intentions()
        self.avis()
        self.acknowledgements()
        self.choix()
        self.propositions()
        self.answers()
        self.decisions()
        self.conclusion()

    def introduction(self, db_name: str) -> None:
        families = self.school.families
        guardians = [g for f in families for g in f.guardians]
        self.say(
            "Démonstration d'orientation_core : une campagne d'orientation de fin de 3e, "
            "de la saisie des intentions provisoires à l'appel.",
            "",
            f"{SCHOOL_NAME} (UAI {UAI}), académie de {ACADEMY.name}, fuseau horaire "
            f"{self.campaign.zone}, rentrée {RENTREE}.",
            f"{len(families)} élèves de 3e en {len(CLASSES)} classes ({', '.join(CLASSES)}), "
            f"{len(guardians)} représentants légaux, dont "
            f"{sum(g.email is None for g in guardians)} sans adresse électronique.",
            "Un chef d'établissement, un secrétariat et un professeur principal par classe.",
            f"Les événements sont enregistrés dans la base SQLite « {db_name} », créée à neuf "
            "(une base existante à ce nom est remplacée).",
        )

    def calendar(self) -> None:
        self.heading("Le calendrier")
        self.store.append_campaign(UAI, RENTREE, [self.campaign.planned], expected_version=0)
        self.say(
            f"Le chef d'établissement place la campagne dans les dates de l'académie de "
            f"{ACADEMY.name} :"
        )
        for window in ACADEMY.windows:
            entry = next(e for e in self.campaign.calendar() if e.phase is window.phase)
            start = datetime.combine(window.first_day, time(), _PARIS)
            end = datetime.combine(window.last_day + timedelta(days=1), time(), _PARIS)
            self.say(f"  {entry.label} : {date_range(start, end, self.zone)} pour l'académie")
        self.say("", "Avant l'ouverture, les familles lisent la page du téléservice :", "")
        for line in not_open_page(self.campaign).text.splitlines():
            self.say(f"  {line}")

    def opening(self) -> None:
        self.heading("L'ouverture des dossiers")
        now = datetime(2027, 1, 5, 8, 30, tzinfo=_PARIS)
        for family in self.steps(self.school.families, "Ouverture des dossiers"):
            dossier, _ = open_dossier(
                self.store,
                family.pupil,
                family.guardians,
                campaign=self.campaign,
                actor=self.school.secretariat,
                now=now,
            )
            self.dossiers[family.pupil.id] = dossier
        self.say(
            f"Le {long_date(now, self.zone)}, le secrétariat ouvre "
            f"{len(self.dossiers)} dossiers à partir de la liste des élèves.",
        )

    def intentions(self) -> None:
        self.heading("Les intentions provisoires (2e trimestre)")
        followed, first_guardian = self.followed, self.followed.guardians[0]
        other_guardian = self.followed.guardians[1]
        zone = self.zone
        first_now = datetime(2027, 1, 12, 20, 14, 37, tzinfo=_PARIS)
        self.act(followed, ValidateIntentions(1, followed.intentions), first_guardian, first_now)
        modified = IntentionSet(reversed(list(followed.intentions)))
        modified_now = datetime(2027, 1, 14, 21, 3, 12, tzinfo=_PARIS)
        session = self.act(
            followed,
            ValidateIntentions(self.dossier(followed).version, modified),
            first_guardian,
            modified_now,
        )
        self.say(
            f"{first_guardian.name}, parent de {followed.pupil.name} "
            f"({followed.pupil.classe}), valide en ligne les intentions de la famille le "
            f"{long_date(first_now, zone)}, puis les modifie le {long_date(modified_now, zone)} : "
            "la 2de professionnelle passe en premier.",
            "",
            "L'e-mail de confirmation qui lui est envoyé à la déconnexion :",
            "",
        )
        message = confirmation_email(session, self.dossier(followed), self.campaign, SENDER)
        if message is None:  # the followed family always has an address
            raise AssertionError("no e-mail for the followed family")
        for header in ("From", "To", "Subject", "Date"):
            self.say(f"  {header}: {message[header]}")
        self.say("")
        for line in message.get_content().rstrip("\n").splitlines():
            self.say(f"  {line}".rstrip())
        self.say("")
        try:
            self.act(
                followed,
                ValidateIntentions(self.dossier(followed).version, followed.intentions),
                other_guardian,
                datetime(2027, 1, 15, 19, 40, 2, tzinfo=_PARIS),
            )
        except OrientationError as error:
            self.refused(
                f"{other_guardian.name}, l'autre parent,",
                "essaie le lendemain de modifier les intentions",
                error,
            )

        others = [f for f in self.school.families[1:] if f.behaviour == "online"]
        for family in self.steps(others, "Intentions en ligne"):
            now = self.moment(date(2027, 1, 11), date(2027, 1, 25))
            self.act(family, ValidateIntentions(1, family.intentions), family.guardians[0], now)
        self.say(
            "",
            f"Du lundi 11 au lundi 25 janvier, {len(others) + 1} familles valident leurs "
            "intentions en ligne.",
            "",
        )
        reminder = datetime(2027, 1, 27, 9, 0, tzinfo=_PARIS)
        self.follow_up(reminder, names=True)

        late = [f for f in self.school.families if f.behaviour == "late"]
        for family in self.steps(late, "Intentions après la relance"):
            now = self.moment(date(2027, 1, 28), date(2027, 2, 4))
            self.act(family, ValidateIntentions(1, family.intentions), family.guardians[0], now)
        paper = [f for f in self.school.families if f.behaviour == "paper"]
        for family in self.steps(paper, "Fiches papier"):
            command = ValidateIntentions(1, family.intentions, signed_by=family.guardians[0].id)
            self.act(family, command, self.school.secretariat, self.moment(*_PAPER_DAYS, 9, 16))
        never = [f for f in self.school.families if f.behaviour == "never"]
        self.say(
            "",
            f"Après la relance, {len(late)} familles valident en ligne et le secrétariat saisit "
            f"{len(paper)} fiches de dialogue papier signées par les familles ; "
            f"{len(never)} familles ne valident pas d'intention.",
        )
        straggler = never[0]
        try:
            self.act(
                straggler,
                ValidateIntentions(1, straggler.intentions),
                straggler.guardians[0],
                datetime(2027, 2, 8, 19, 2, 45, tzinfo=_PARIS),
            )
        except OrientationError as error:
            self.refused(
                f"{straggler.guardians[0].name}, qui n'a rien validé,",
                "essaie de le faire le lundi 8 février, après la fermeture",
                error,
            )

    def avis(self) -> None:
        self.heading("Les conseils de classe du 2e trimestre : l'avis provisoire")
        followed = self.followed
        pp = self.school.teachers[followed.pupil.classe]
        now = datetime(2027, 2, 9, 18, 30, tzinfo=_PARIS)
        rows = [
            {"voie": i.voie.value, "avis": "FAVORABLE", "reason": "", "comment": ""}
            for i in self.dossier(followed).intentions or ()
        ]
        rows[1] |= {"avis": "RESERVE"}
        self.say(
            f"Le professeur principal de {followed.pupil.classe} saisit l'avis du conseil pour "
            f"{followed.pupil.name}, un avis réservé sans motif :"
        )
        intentions = self.dossier(followed).intentions or IntentionSet([Intention(Voie.GT)])
        try:
            RecordAvis.from_form(self.dossier(followed).version, rows, intentions)
        except InvalidForm as error:
            self.say(f"  Message affiché : « {error.message} »")
            for found in error.problems:
                self.say(f"  - {found.message}")
        rows[1] |= {"reason": "Les résultats en mathématiques sont encore fragiles."}
        command = RecordAvis.from_form(self.dossier(followed).version, rows, intentions)
        self.act(followed, command, pp, now)
        self.say("Il ajoute le motif, et l'avis est enregistré.", "")

        intruder = self.school.teachers[CLASSES[1]]
        try:
            self.act(followed, command, intruder, now + timedelta(minutes=5))
        except OrientationError as error:
            self.refused(
                f"Le professeur principal de {CLASSES[1]}",
                f"essaie d'enregistrer un avis pour un élève de {followed.pupil.classe}",
                error,
            )
        given: Counter[Avis] = Counter(a.avis for a in self.dossier(followed).avis)
        for number, classe in enumerate(CLASSES):
            day = date(2027, 2, 9 + number)
            families = [
                f
                for f in self.school.of_class(classe)
                if f is not followed and self.dossier(f).intentions is not None
            ]
            for family in self.steps(families, f"Avis des {classe}"):
                avis = [self.avis_on(i) for i in self.dossier(family).intentions or ()]
                now = datetime.combine(day, time(18, 30 + len(given) % 30), _PARIS)
                self.act(family, RecordAvis(2, avis), self.school.teachers[classe], now)
                given.update(a.avis for a in avis)
        self.say(
            "",
            f"Du mardi 9 au vendredi 12 février, les conseils donnent {given.total()} avis : "
            + ", ".join(f"{given[a]} {a.label.lower()}{'s' * (given[a] > 1)}" for a in Avis)
            + ".",
        )

    def avis_on(self, intention: Intention) -> AvisConseil:
        draw = self.rng.random()
        if intention.voie is Voie.GT and draw < 0.05:
            return AvisConseil(Voie.GT, Avis.DEFAVORABLE, _UNFAVOURABLE)
        if draw < 0.18:
            return AvisConseil(intention.voie, Avis.RESERVE, _RESERVED[intention.voie])
        return AvisConseil(intention.voie, Avis.FAVORABLE)

    def acknowledgements(self) -> None:
        self.heading("La consultation de l'avis provisoire et l'accusé de réception")
        self.say(
            "Les avis sont publiés le "
            f"{long_date(self.published(Phase.AVIS_PUBLISHED), self.zone)}."
        )
        online = paper = 0
        families = [f for f in self.school.families if self.dossier(f).avis]
        for family in self.steps(families, "Accusés de réception"):
            dossier = self.dossier(family)
            entrant = dossier.entrant
            if entrant is None:  # the families who validated nothing have no avis
                raise AssertionError("an avis without an entrant")
            if family.behaviour == "paper":
                command = AcknowledgeAvis(dossier.version, signed_by=entrant.id)
                self.act(family, command, self.school.secretariat, self.moment(*_ACK_PAPER, 9, 16))
                paper += 1
            elif family is self.followed or self.rng.random() < 0.9:
                now = self.moment(date(2027, 3, 15), date(2027, 4, 2))
                self.act(family, AcknowledgeAvis(dossier.version), entrant, now)
                online += 1
        self.say(
            f"{online} familles accusent réception en ligne, {paper} sur papier.",
            "",
        )
        self.follow_up(datetime(2027, 4, 6, 9, 0, tzinfo=_PARIS), names=False)

    def published(self, phase: Phase) -> datetime:
        start = self.campaign.start_of(phase)
        if start is None:
            raise AssertionError("every dated phase starts")
        return start

    @property
    def zone(self) -> str:
        return self.campaign.zone

    def choix(self) -> None:
        self.heading("Les choix définitifs (3e trimestre)")
        followed, guardian = self.followed, self.followed.guardians[0]
        first = self.dossier(followed).intentions or IntentionSet([Intention(Voie.GT)])
        choix = IntentionSet(reversed(list(first)))  # back to the 2de GT first
        now = datetime(2027, 4, 13, 20, 45, 10, tzinfo=_PARIS)
        self.act(followed, ValidateChoix(self.dossier(followed).version, choix), guardian, now)
        self.say(
            f"{guardian.name} remet la 2de générale et technologique en premier choix pour "
            f"{followed.pupil.name}, malgré l'avis réservé.",
            "",
        )
        online = paper = 0
        families = [f for f in self.school.families[1:] if f.behaviour != "never"]
        for family in self.steps(families, "Choix définitifs"):
            dossier = self.dossier(family)
            choix = _choix_after_avis(dossier)
            entrant = dossier.entrant
            if entrant is None:
                raise AssertionError("intentions without an entrant")
            if family.behaviour == "paper":
                command = ValidateChoix(dossier.version, choix, signed_by=entrant.id)
                self.act(
                    family, command, self.school.secretariat, self.moment(*_CHOIX_PAPER, 9, 16)
                )
                paper += 1
            else:
                now = self.moment(date(2027, 4, 12), date(2027, 5, 7))
                self.act(family, ValidateChoix(dossier.version, choix), entrant, now)
                online += 1
        helped = [f for f in self.school.families if f.behaviour == "never"][::2]
        for family in helped:
            dossier, guardian = self.dossier(family), family.guardians[0]
            command = ValidateChoix(dossier.version, family.intentions, signed_by=guardian.id)
            self.act(family, command, self.school.secretariat, self.moment(*_CHOIX_PAPER, 9, 16))
        self.say(
            f"{online + 1} familles valident leurs choix en ligne, {paper} sur papier ; "
            f"{len(helped)} familles sans intention provisoire signent une fiche papier après "
            "un entretien avec le professeur principal.",
            "",
        )
        self.follow_up(datetime(2027, 5, 10, 9, 0, tzinfo=_PARIS), names=True)

    def propositions(self) -> None:
        self.heading("Les conseils de classe du 3e trimestre : les propositions")
        candidates = [
            f
            for f in self.school.families[1:]
            if (choix := self.dossier(f).choix) is not None and choix.voies[0] is Voie.GT
        ]
        self.disagreeing = [self.followed, *self.rng.sample(candidates, 2)]
        conforming = differing = 0
        for number, classe in enumerate(CLASSES):
            now = datetime(2027, 5, 25 + number, 18, 0, tzinfo=_PARIS)
            families = self.school.of_class(classe)
            for family in self.steps(families, f"Propositions des {classe}"):
                dossier = self.dossier(family)
                if family in self.disagreeing:
                    proposition = Proposition(Voie.PRO, _PRO_PROPOSED)
                elif dossier.choix is not None:
                    proposition = Proposition(dossier.choix.voies[0])
                else:
                    proposition = Proposition(Voie.PRO, _WITHOUT_CHOIX)
                self.act(
                    family,
                    RecordPropositions(dossier.version, [proposition]),
                    self.school.teachers[classe],
                    now,
                )
                if dossier.choix is not None and dossier.choix.voies[0] is proposition.voie:
                    conforming += 1
                else:
                    differing += 1
        self.say(
            f"Du mardi 25 au vendredi 28 mai, les conseils font {conforming} propositions "
            f"conformes au premier choix de la famille et {differing} qui ne le sont pas "
            f"(dont {differing - len(self.disagreeing)} pour des familles sans choix définitif)."
        )

    def answers(self) -> None:
        self.heading("La réponse aux propositions du conseil de classe")
        agree = disagree = 0
        families = [f for f in self.school.families if self.dossier(f).entrant is not None]
        for family in self.steps(families, "Réponses"):
            dossier = self.dossier(family)
            answer = Answer.PAS_D_ACCORD if family in self.disagreeing else Answer.D_ACCORD
            entrant = dossier.entrant
            if entrant is None:
                raise AssertionError("filtered above")
            if family.behaviour in ("paper", "never"):
                command = AnswerPropositions(dossier.version, [answer], signed_by=entrant.id)
                self.act(family, command, self.school.secretariat, self.moment(*_ANSWERS, 9, 16))
            else:
                now = self.moment(*_ANSWERS)
                self.act(family, AnswerPropositions(dossier.version, [answer]), entrant, now)
            agree += answer is Answer.D_ACCORD
            disagree += answer is Answer.PAS_D_ACCORD
        self.say(
            f"{agree} familles répondent « {Answer.D_ACCORD.label} ».",
            f"{disagree} familles répondent « {Answer.PAS_D_ACCORD.label} ».",
            "",
        )
        self.follow_up(datetime(2027, 6, 11, 9, 0, tzinfo=_PARIS), names=False)

    def decisions(self) -> None:
        self.heading("La décision d'orientation et l'appel")
        head = self.school.head
        notified = datetime(2027, 6, 14, 10, 0, tzinfo=_PARIS)
        unanswered = [f for f in self.school.families if not self.dossier(f).answers]
        for offset, family in enumerate([*self.disagreeing, *unanswered]):
            reasons = _DECIDED if family in self.disagreeing else _DECIDED_WITHOUT_ANSWER
            command = RecordDecision(self.dossier(family).version, Voie.PRO, reasons)
            self.act(family, command, head, notified + timedelta(minutes=20 * offset))
        deadline = self.campaign.appeal_deadline(notified) - timedelta(microseconds=1)
        self.say(
            f"Le {long_date(notified, self.zone)}, après un entretien avec chaque famille qui "
            f"n'était pas d'accord, le chef d'établissement décide la 2de professionnelle pour "
            f"{len(self.disagreeing)} élèves, et pour les {len(unanswered)} élèves dont la "
            "famille n'a rien validé.",
            "Les familles peuvent accepter ou faire appel pendant 3 jours ouvrables, jusqu'au "
            f"{long_date(deadline, self.zone)} inclus.",
            "",
        )
        for family in self.disagreeing[1:]:
            entrant = self.dossier(family).entrant
            if entrant is None:
                raise AssertionError("a family who answered has an entrant")
            now = datetime(2027, 6, 15, 18, 0, tzinfo=_PARIS)
            self.act(family, AcceptDecision(self.dossier(family).version), entrant, now)
        self.say(f"{len(self.disagreeing) - 1} de ces familles acceptent la décision.")
        followed, guardian = self.followed, self.followed.guardians[0]
        appeal = LodgeAppeal(self.dossier(followed).version, Voie.GT, _MOTIF)
        self.act(followed, appeal, guardian, datetime(2027, 6, 16, 21, 30, tzinfo=_PARIS))
        self.say(
            f"{guardian.name} fait appel le mercredi 16 juin "
            "pour demander la 2de générale et technologique.",
        )
        commission = datetime(2027, 6, 24, 17, 0, tzinfo=_PARIS)
        final = RecordAppealDecision(self.dossier(followed).version, Voie.GT, _COMMISSION)
        self.act(followed, final, head, commission)
        self.say(
            f"La commission d'appel, réunie le {long_date(commission, self.zone)}, retient la "
            "2de générale et technologique ; sa décision est définitive."
        )
        outcomes = Counter(d.outcome for d in self.dossiers.values())
        self.say("", "Orientation des élèves à la fin de la campagne :")
        for voie in Voie:
            self.say(f"  {voie.label} : {outcomes[voie]}")

    def conclusion(self) -> None:
        followed = self.followed
        self.heading("Le dossier de la famille suivie, tel qu'elle le relit")
        self.say(f"Les récapitulatifs du dossier de {followed.pupil.name}, étape par étape :", "")
        self.say("\n\n".join(recap.text for recap in dossier_recaps(self.dossier(followed))))
        self.heading("Ce que la campagne a produit")
        events: list[DossierEvent] = []
        position = 0
        while page := self.store.read_after(position, limit=500):
            events += [event for _, event in page]
            position = page[-1][0]
        records = sync.sync_records(events)
        view = sync.apply_all(sync.BackOfficeView(), records)
        same = all(view.dossier(d.id) == d for d in self.dossiers.values())
        kinds = Counter(type(event).__name__ for event in events)
        campaign_events = self.store.load_campaign(UAI, RENTREE)
        self.say(
            f"{len(events)} événements de dossier enregistrés dans la base, et "
            f"{len(campaign_events)} événement de campagne (le calendrier).",
        )
        for kind, words in _KINDS.items():
            self.say(f"  {kind} ({words}) : {kinds[kind]}")
        self.say(
            f"{len(records)} enregistrements de synchronisation pour Siècle Orientation, un par "
            "événement.",
            "Le back-office qui les reçoit reconstruit les "
            f"{len(view.dossiers)} dossiers "
            + ("à l'identique de ceux de l'établissement." if same else "avec des différences."),
        )


_NO_ADDRESS = "pas d'adresse électronique"
_PAPER_DAYS = (date(2027, 2, 1), date(2027, 2, 4))
_ACK_PAPER = (date(2027, 3, 22), date(2027, 4, 2))
_CHOIX_PAPER = (date(2027, 5, 3), date(2027, 5, 13))
_ANSWERS = (date(2027, 6, 7), date(2027, 6, 11))
_UNFAVOURABLE = "Les résultats ne permettent pas d'envisager cette voie à ce stade."
_RESERVED = {
    Voie.GT: "Les résultats sont encore fragiles dans plusieurs disciplines.",
    Voie.PRO: "Le projet est à préciser : un stage d'observation est conseillé.",
    Voie.CAP: "Le projet est à préciser : un stage d'observation est conseillé.",
}
_PRO_PROPOSED = "Une 2de professionnelle correspond mieux aux résultats et au projet de l'élève."
_WITHOUT_CHOIX = "Proposition faite sans choix définitif de la famille."
_DECIDED = (
    "Les résultats de l'année et l'avis du conseil de classe orientent vers la 2de professionnelle."
)
_DECIDED_WITHOUT_ANSWER = (
    "Sans réponse de la famille, la décision reprend la proposition du conseil."
)
_MOTIF = (
    "Les résultats de notre enfant ont progressé au 3e trimestre ; nous demandons la 2de "
    "générale et technologique."
)
# What each kind of event records, in the procedure's order.
_KINDS = {
    "DossierOpened": "ouverture du dossier",
    "IntentionsValidated": "intentions provisoires validées",
    "AvisRecorded": "avis provisoire du conseil de classe",
    "AvisAcknowledged": "accusé de réception de l'avis",
    "ChoixValidated": "choix définitifs validés",
    "PropositionsRecorded": "propositions du conseil de classe",
    "PropositionsAnswered": "réponse aux propositions",
    "DecisionRecorded": "décision du chef d'établissement",
    "DecisionAccepted": "décision acceptée",
    "AppealLodged": "appel",
    "AppealDecisionRecorded": "décision de la commission d'appel",
}
_COMMISSION = "Les progrès du 3e trimestre permettent d'envisager la 2de générale et technologique."


def _families(count: int) -> str:
    return f"{count} famille{'s' * (count > 1)}"


def _choix_after_avis(dossier: Dossier) -> IntentionSet:
    """The family's choix définitifs: its intentions, less a voie the conseil was against."""
    intentions = dossier.intentions
    if intentions is None:
        raise AssertionError("only families with intentions")
    against = {a.voie for a in dossier.avis if a.avis is Avis.DEFAVORABLE}
    kept = [i for i in intentions if i.voie not in against]
    return IntentionSet(kept or list(intentions))


def run_demo(db_path: str, seed: int, out: TextIO, progress: bool) -> int:  # noqa: FBT001
    """Run a whole campaign of a sample collège on a SQLite store, telling it in French.

    Args:
        db_path: The SQLite file to write; an earlier demo's database there is
            replaced, any other file is left alone.
        seed: Draws the population: the same seed gives the same output.
        out: Where the account goes.
        progress: Whether to show progress bars, which only ever appear when
            ``out`` is a terminal.

    Returns:
        0 when the campaign ran, 1 when the database could not be created.

    Raises:
        InvalidValue: An argument of the wrong type (``"type.invalid"``).

    """
    _check_arguments(db_path, seed, out, progress)
    path = Path(db_path)
    store = _fresh_store(path)
    if store is None:
        out.write(
            f"La base « {path.name or db_path} » ne peut pas être créée : le fichier n'est pas "
            "une base SQLite, ou le dossier n'est pas accessible en écriture.\n"
        )
        return 1
    try:
        _Story(store, draw_school(seed), seed, out, progress=progress).run(path.name)
    finally:
        store.close()
    return 0
