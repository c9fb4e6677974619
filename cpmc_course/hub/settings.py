"""What `cpmc hub` needs to know about a school's hub, checked all at once with French messages."""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ProblemsError

AUTHENTICATORS = ("pam", "lti13")
"""``pam``: the machine's Unix accounts (a school server); ``lti13``: login from Moodle (or another LMS) by LTI 1.3."""

_USERNAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
_COURSE_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{0,23}$")  # grader-<id> must stay a valid 32-character Unix name


class HubSettingsError(ProblemsError):
    """The settings given to `cpmc hub` are invalid: one French sentence per problem."""


@dataclass(frozen=True)
class LtiSettings:
    """The LMS side of an LTI 1.3 login (values given by the Moodle administrator when the tool is declared)."""

    issuer: str
    """The platform's issuer, e.g. ``https://moodle.ecole.fr``."""
    client_id: str
    """The client id Moodle gave the tool."""
    authorize_url: str
    """Moodle's authentication endpoint, e.g. ``https://moodle.ecole.fr/mod/lti/auth.php``."""
    jwks_url: str
    """Moodle's public keys, e.g. ``https://moodle.ecole.fr/mod/lti/certs.php``."""


@dataclass(frozen=True)
class HubSettings:
    """One course on one JupyterHub: who logs in, where the course and the exchange live, how the hub listens."""

    course_id: str
    """nbgrader course id; also the name of the formgrader service (``/services/<course_id>/``)."""
    instructors: tuple[str, ...]
    """Accounts that grade: members of ``formgrade-<course_id>``, with access to the shared formgrader."""
    course_dir: str
    """The course root on the hub machine, owned by ``grader-<course_id>``."""
    students: tuple[str, ...] = ()
    """Candidates allowed to log in, by account name."""
    student_group: str = ""
    """Or: the Unix group whose members may log in (``pam`` only)."""
    exchange: str = "/srv/nbgrader/exchange"
    """nbgrader's exchange folder, shared by every server (mode 1777: everyone writes, sticky bit)."""
    db_url: str = ""
    """Gradebook: empty for SQLite beside the course (``gradebook.db``), else a ``postgresql+psycopg://`` URL."""
    auth: str = "pam"
    """One of :data:`AUTHENTICATORS`."""
    ip: str = ""
    """Address the hub listens on (empty: every interface)."""
    port: int = 8000
    """Port of the hub."""
    service_port: int = 9999
    """Loopback port of the shared formgrader (a hub-managed service)."""
    python: str = ""
    """Interpreter of every user server and of the formgrader (it must see the course's packages)."""
    idle_minutes: int = 60
    """A server without activity for this long is stopped by ``jupyterhub-idle-culler``."""
    lti: LtiSettings | None = field(default=None)
    """LMS settings, required when ``auth`` is ``lti13``."""

    @property
    def grader(self) -> str:
        """The account that owns the course and runs the shared formgrader (nbgrader's ``grader-<course>``)."""
        return f"grader-{self.course_id}"

    @property
    def formgrade_group(self) -> str:
        """The hub group given access to the formgrader service."""
        return f"formgrade-{self.course_id}"

    @property
    def gradebook_url(self) -> str:
        """The gradebook URL written into the course's ``nbgrader_config.py``."""
        return self.db_url or f"sqlite:///{Path(self.course_dir) / 'gradebook.db'}"


def check_settings(settings: HubSettings) -> HubSettings:
    """Return ``settings`` unchanged, or raise :class:`HubSettingsError` with every problem found."""
    problems = [*_account_problems(settings), *_place_problems(settings), *_network_problems(settings)]
    problems += _lti_problems(settings)
    if problems:
        raise HubSettingsError(problems)
    return settings


def _account_problems(s: HubSettings) -> list[str]:
    problems = []
    if not _COURSE_ID.match(s.course_id):
        problems.append(f"identifiant de cours {s.course_id!r} invalide : 1 à 24 caractères, minuscules, chiffres, "
                        "« - » ou « _ », en commençant par une lettre ou un chiffre (--cours-id).")
    if not s.instructors:
        problems.append("aucun formateur : donnez au moins un compte avec --formateurs (noms séparés par des virgules).")
    if not s.students and not s.student_group:
        problems.append("aucun candidat : donnez leurs comptes avec --candidats, ou leur groupe Unix avec --groupe-candidats.")
    if s.student_group and s.auth != "pam":
        problems.append("--groupe-candidats ne vaut que pour les comptes Unix (--auth pam).")
    for name in (*s.instructors, *s.students):
        if not _USERNAME.match(name):
            problems.append(f"compte {name!r} invalide : minuscules, chiffres, « - » ou « _ », 32 caractères au plus.")
    both = sorted(set(s.instructors) & set(s.students))
    if both:
        problems.append(f"{', '.join(both)} : à la fois formateur et candidat ; un compte n'a qu'un rôle.")
    return problems


def _place_problems(s: HubSettings) -> list[str]:
    problems = []
    for label, option, value in (("dossier du cours", "--dossier-cours", s.course_dir),
                                 ("dossier d'échange", "--echange", s.exchange)):
        if not os.path.isabs(value):
            problems.append(f"{label} {value!r} : un chemin absolu est attendu ({option}).")
    if s.db_url and not s.db_url.startswith(("sqlite:///", "postgresql")):
        problems.append(f"carnet de notes {s.db_url!r} : adresse sqlite:///… ou postgresql+psycopg://… attendue (--carnet).")
    problems += _python_problems(s.python)
    return problems


def _python_problems(python: str) -> list[str]:
    """The interpreter must exist and be reachable by every account (each folder above it crossable by others)."""
    path = Path(python)
    if not path.is_absolute() or not path.is_file() or not os.access(path, os.X_OK):
        return [f"interpréteur Python {python!r} introuvable ou non exécutable : chemin absolu attendu (--python)."]
    for folder in [*reversed(path.parents), path]:
        if not folder.stat().st_mode & stat.S_IXOTH:
            return [f"interpréteur Python {python} inaccessible aux comptes des candidats : {folder} n'est pas "
                    "traversable par les autres utilisateurs (droit x). Installez le cours dans un environnement "
                    "lisible par tous (par exemple /opt/cpmc) et passez son interpréteur avec --python."]
    return []


def _network_problems(s: HubSettings) -> list[str]:
    problems = []
    for option, port in (("--port", s.port), ("--port-formgrader", s.service_port)):
        if not 1 <= port <= 65535:
            problems.append(f"port {port} invalide ({option}) : entre 1 et 65535.")
    if s.port == s.service_port:
        problems.append(f"le hub et le formgrader ne peuvent pas écouter le même port {s.port}.")
    if s.idle_minutes < 5:
        problems.append(f"arrêt des serveurs inactifs après {s.idle_minutes} min : 5 minutes au moins (--inactivite).")
    if s.auth not in AUTHENTICATORS:
        problems.append(f"authentification {s.auth!r} inconnue : {' ou '.join(AUTHENTICATORS)} (--auth).")
    return problems


def _lti_problems(s: HubSettings) -> list[str]:
    if s.auth != "lti13":
        return ["réglages LTI donnés sans --auth lti13."] if s.lti else []
    if s.lti is None:
        return ["--auth lti13 demande --lti-emetteur, --lti-client, --lti-autorisation et --lti-cles "
                "(valeurs données par l'administrateur Moodle quand il déclare l'outil)."]
    problems = []
    for option, value in (("--lti-emetteur", s.lti.issuer), ("--lti-autorisation", s.lti.authorize_url),
                          ("--lti-cles", s.lti.jwks_url)):
        if not value.startswith("https://"):
            problems.append(f"{option} {value!r} : adresse https:// attendue.")
    if not s.lti.client_id:
        problems.append("--lti-client vide : l'identifiant client donné par Moodle est attendu.")
    return problems
