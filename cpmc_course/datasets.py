"""Data sets of the course, loaded into pandas DataFrames: one API for every case study.

Every case study of ``case_studies/<bloc>_<entreprise>/data`` is a :class:`Case`
(its tables, their date columns, how empty cells read) and loads one table with
``case.load(table, data_dir=None)``; an unknown table or a missing file raises
:class:`CaseDataError` with a French message (a :class:`CpmcError` that is also a
``KeyError`` and a ``ValueError``, as the per-bloc loaders used to raise). The
per-bloc functions the lessons call (``ardene``, ``outivis``, ``lunea``,
``vallon``, ``combes``, :func:`calyce`) are this one API.

Two sources:

- the real CDNOW transactions shipped inside the ``lifetimes`` package, read
  through ``importlib.resources`` (``import lifetimes.datasets`` needs
  ``pkg_resources``, which current setuptools no longer provides);
- the fictional Calyce case study of bloc 5, read from
  ``case_studies/b5_calyce/data`` of the course shipped with the package (the
  repository's folder in a checkout, the wheel's copy otherwise: see
  :mod:`cpmc_course.resources`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd

from .errors import CpmcError
from .resources import content_path


class CaseDataError(CpmcError, KeyError, ValueError):
    """A case table that does not exist, or whose file is missing (French message)."""

    __str__ = BaseException.__str__  # the message as written, not KeyError's quoted repr


@dataclass(frozen=True)
class Case:
    """One case study's data: ``case_studies/<folder>/data/<table>.csv``."""

    name: str
    """The company's name as the lessons write it (« Lunéa »)."""
    folder: str
    """Folder under ``case_studies/`` (``b3_lunea``)."""
    tables: Mapping[str, tuple[str, ...]]
    """Table name → its date columns (``%Y-%m-%d``; ``horodatage``: ``%Y-%m-%d %H:%M``), parsed into ``datetime64``."""
    keep_empty: frozenset[str] = field(default_factory=frozenset)
    """Tables whose empty cells read as ``""`` rather than missing (a task without predecessor)."""

    @property
    def data_dir(self) -> Path:
        """Folder of the case's CSV files in the course shipped with the package."""
        return content_path("case_studies", self.folder, "data")

    def load(self, table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
        """One table (file name without ``.csv``), dates parsed; ``data_dir`` reads another copy of the files."""
        if table not in self.tables:
            raise CaseDataError(f"Table inconnue : {table!r}. Tables du cas {self.name} : {', '.join(self.tables)}.")
        path = Path(data_dir if data_dir is not None else self.data_dir) / f"{table}.csv"
        if not path.is_file():
            raise CaseDataError(f"Fichier introuvable : {path}. Lancez « python case_studies/{self.folder}/generate_data.py ».")
        frame = pd.read_csv(path, keep_default_na=table not in self.keep_empty)
        for column in self.tables[table]:
            frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d %H:%M" if column == "horodatage" else "%Y-%m-%d")
        return frame


CALYCE_TABLES = {
    "sessions": ("date",),
    "cta_evenements": (),
    "leads": ("date_creation", "date_conversion"),
    "clients_crm": ("date_premiere_commande", "date_derniere_commande"),
    "campagne_fidelite": (),
    "ventes_mensuelles": (),
    "couts_campagnes": (),
    "seo_requetes": (),
    "produits_segments": (),
}
"""Table name → its date columns, parsed into ``datetime64`` on loading."""

CASES = {
    "ardene": Case("Ardène", "b1_ardene", dict.fromkeys(("ventes_gammes", "enquete_chauffage", "benchmark_poeles",
                                                          "parcours_acheteurs", "outils_digitaux", "campagnes_2025"), ())),
    "rouline": Case("Rouline", "b1_rouline", dict.fromkeys(("ventes_marques", "marche_segments", "enquete_consommateurs",
                                                              "benchmark_concurrents", "parcours_client", "veille_outils",
                                                              "plan_media"), ())),
    "nettalpe": Case("Nettalpe", "b2_nettalpe", {**dict.fromkeys(("comptes", "zones", "commerciaux", "actions_2026",
                                                                  "plan_actions_2027", "operations_soutien"), ()),
                                                 "planning_2027": ()}, frozenset({"planning_2027"})),
    "outivis": Case("Outivis", "b2_outivis", dict.fromkeys(("clients", "secteurs", "vendeurs", "actions_2025", "budget_2026",
                                                            "soutien_2026", "calendrier_2026"), ()),
                    frozenset({"calendrier_2026"})),
    "lunea": Case("Lunéa", "b3_lunea", {"centre_achat": (), "couts_solution": (), "parametres_offre": (),
                                        "planning_lancement": (), "enquete_satisfaction": (),
                                        "reclamations": ("date_reception", "date_cloture"), "options_solutions": (),
                                        "avis_social": ("horodatage",)}),
    "mitonelle": Case("Mitonelle", "b3_mitonelle", {"centre_achat": (), "couts_solution": (), "parametres_offre": (),
                                                 "planning_lancement": (), "enquete_satisfaction": (),
                                                 "reclamations": ("date_reception", "date_cloture"), "options_solutions": (),
                                                 "avis_social": ("horodatage",)}),
    "vallon": Case("Pépinières Vallon", "b4_vallon", dict.fromkeys(("equipe", "taches", "devis", "autres_frais", "risques",
                                                                   "suivi_semaine4", "incidents"), ()), frozenset({"taches"})),
    "combes": Case("Fruitière des Combes", "b4_combes", dict.fromkeys(("equipe", "taches", "devis", "autres_frais", "risques",
                                                                        "suivi_semaine3", "incidents"), ()), frozenset({"taches"})),
    "calyce": Case("Calyce", "b5_calyce", CALYCE_TABLES),
    "torvane": Case("Torvane", "b5_torvane", {
        "visites": ("date",), "clics_cta": (), "prospects": ("date_creation", "date_conversion"), "couts_canaux": (),
        "requetes_seo": (), "clients": ("date_premiere_commande", "date_derniere_commande"), "commandes": ("date",),
        "relance_abonnes": (), "ca_mensuel": (), "produits_par_segment": ()}),
}
"""Every case study of the course, by the name of its loader."""

CALYCE_DIR = CASES["calyce"].data_dir
"""Folder of the Calyce CSV files (written by ``generate_data.py``)."""

CDNOW_ROWS = 69_659
"""Number of purchases in ``CDNOW_master.txt``."""


def cdnow_transactions() -> pd.DataFrame:
    """The 69,659 CDNOW purchases (January 1997 – June 1998), one row per purchase.

    Columns: ``client_id`` (int, customer identifier, 1 to 23,570), ``date``
    (``datetime64``, day of the purchase), ``quantite`` (int, number of CDs
    bought) and ``montant_usd`` (float, amount paid in US dollars). Several
    purchases of one customer on the same day are kept as separate rows, as in
    the original file.
    """
    with warnings.catch_warnings():
        # importing lifetimes sets a pandas option that pandas 3 deprecates: harmless noise
        warnings.simplefilter("ignore")
        path = resources.files("lifetimes") / "datasets" / "CDNOW_master.txt"
    with resources.as_file(path) as file:
        raw = pd.read_csv(
            file,
            sep=r"\s+",
            header=0,
            names=["client_id", "date", "quantite", "montant_usd"],
            dtype={"client_id": "int64", "date": "str", "quantite": "int64", "montant_usd": "float64"},
        )
    raw["date"] = pd.to_datetime(raw["date"], format="%Y%m%d")
    return raw


def calyce(table: str, *, data_dir: Path | str | None = None) -> pd.DataFrame:
    """One table of the Calyce case study, with its date columns parsed.

    ``table`` is a file name without ``.csv`` (``"sessions"``, ``"leads"``…, see
    ``CALYCE_TABLES``). ``data_dir`` reads another copy of the files, for
    instance ``source/b5_donnees_marketing/data``.
    """
    return CASES["calyce"].load(table, data_dir=data_dir)
