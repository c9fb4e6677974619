"""The référentiel data file against the published text, and its validation."""

import copy
import json
import re
from importlib import resources
from pathlib import Path

import pytest

from cpmc_course.errors import ReferentialError
from cpmc_course.referential import load_referential, load_referential_file, parse_referential

SOURCE = Path(__file__).resolve().parent.parent / "docs" / "referentiel-officiel.txt"


def _flat(text: str) -> str:
    """The published text without tags, page headers and line breaks."""
    text = text.replace("ELEMENTS COMPLEMENTAIRES RELATIFS A LA DEMANDE", " ")
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def ref():
    return load_referential()


@pytest.fixture(scope="module")
def raw():
    return json.loads((resources.files("cpmc_course") / "data" / "referentiel.json").read_text(encoding="utf-8"))


def test_counts(ref):
    assert [b.code for b in ref.blocs] == ["B1", "B2", "B3", "B4", "B5"]
    codes = [c.code for c in ref.competencies]
    assert codes == [f"C{i}" for i in range(1, 27)] + ["SC1"] + [f"C{i}" for i in range(27, 34)] + ["SC2", "SC3", "SC4"] + [f"C{i}" for i in range(34, 38)]
    assert len(codes) == 41 and len(set(codes)) == 41
    assert len(ref.criteria) == 37
    assert sorted({c.code for c in ref.criteria}, key=lambda c: int(c[2:])) == [f"CE{i}" for i in range(1, 37)]


def test_competencies_per_bloc(ref):
    per_bloc = {b.code: [c.code for c in b.competencies] for b in ref.blocs}
    assert per_bloc["B1"] == [f"C{i}" for i in range(1, 9)]
    assert per_bloc["B2"] == [f"C{i}" for i in range(9, 17)]
    assert per_bloc["B3"] == [f"C{i}" for i in range(17, 27)] + ["SC1"]
    assert per_bloc["B4"] == [f"C{i}" for i in range(27, 34)] + ["SC2", "SC3", "SC4"]
    assert per_bloc["B5"] == ["C34", "C35", "C36", "C37"]


def test_both_ce16_exist_and_are_distinct(ref):
    b2, b3 = ref.criterion("B2.CE16"), ref.criterion("CE16", bloc="B3")
    assert b2.text == "Identification des forces et faiblesses du plan d'action commerciale"
    assert b3.text == "Pertinence de l'analyse de la demande du client, de ses besoins et choix de la méthode d'analyse"
    assert b2.epreuve == "B2.E1" and b3.epreuve == "B3.E1"
    assert len(ref.criteria_named("CE16")) == 2
    with pytest.raises(KeyError):
        ref.criterion("CE16")  # ambiguous without a bloc


def _printed(text: str, flat: str) -> bool:
    """True when ``text`` is in the source whole, or in two pieces cut by a page or column break."""
    if text in flat:
        return True
    words = text.split(" ")
    return any(" ".join(words[:i]) in flat and " ".join(words[i:]) in flat for i in range(1, len(words)))


def test_every_text_is_printed_in_the_source(ref):
    """Each official wording, as stored, is the published text (page breaks removed), to the letter."""
    flat = _flat(SOURCE.read_text(encoding="utf-8"))
    for item in ref.competencies + ref.criteria:
        assert _printed(item.text, flat), f"{item.code}: {item.text!r} is not in the source"
    for bloc in ref.blocs:
        assert bloc.title in flat
        for paragraph in bloc.activities:
            assert _printed(paragraph, flat), paragraph
        for epreuve in bloc.epreuves:
            for text in epreuve.description + epreuve.deliverables:
                assert _printed(text, flat), f"{epreuve.code}: {text!r} is not in the source"


def test_printed_check_can_fail():
    assert not _printed("Pertinence de la mise en place de la force de vente (modifié)", _flat(SOURCE.read_text(encoding="utf-8")))


@pytest.mark.parametrize("code, text", [
    ("C1", "Mettre en œuvre d'une démarche d'études et de recueil de données pour les analyser afin d'identifier l'état du marché, des clients et des prospects à approcher"),
    ("C33", "Adapter son style de management à la situation professionnelle rencontrée et être capable"),
    ("SC3", "Capacité de communication, d'écoute et de dialogue : en interne avec ses équipes, les autres directions, et en externe avec les divers fournisseurs et prestataires"),
    ("C37", "Gérer les campagnes de recrutement et de fidélisation des clients, exploiter les données recueillies via les outils CRM, de marketing analytics et de web analytics afin d'anticiper les évolutions et proposer des actions préventives et correctives."),
])
def test_sample_competency_texts(ref, code, text):
    assert ref.competency(code).text == text


@pytest.mark.parametrize("code, text", [
    ("B1.CE1", "Choix d'une méthodologie et des outils adaptés concernant l'environnement de l'entreprise et le suivi de son évolution"),
    ("B2.CE8", "Les outils d'aide à la vente présentés permettent le développement les performances des commerciaux"),
    ("B2.CE9", "Pertinence de la mise en place de la force de vente et de la répartition des zones commerciales en fonction du potentiel de vente et de la stratégie élaborée"),
    ("B3.CE21", "Indicateurs de mesure de la satisfaction client (CSAT, NPS, CES, etc.) sont adaptés à la stratégie mise en œuvre"),
    ("B5.CE33", "Solution appropriée à la collecte et au suivi des données en fonction des objectifs (acquisition de trafic, référencement)"),
    ("B5.CE36", "Réalisation d'une représentation graphique des données (datavisualisation) afin d'accompagner les propositions présentées"),
])
def test_sample_criterion_texts(ref, code, text):
    """Texts split over two pages of the source are joined with one space."""
    assert ref.criterion(code).text == text


def test_epreuves(ref):
    e = {x.code: x for b in ref.blocs for x in b.epreuves}
    assert sorted(e) == ["B1.E1", "B2.E1", "B3.E1", "B3.E2", "B4.E1", "B5.E1"]
    assert (e["B1.E1"].duration_minutes, e["B1.E1"].modality, e["B1.E1"].form) == (480, "individuelle", "écrite")
    assert e["B2.E1"].duration_minutes == 300
    assert (e["B3.E1"].duration_minutes, e["B3.E2"].duration_minutes, e["B3.E2"].modality, e["B3.E2"].form) == (240, 50, "groupe", "orale")
    assert (e["B4.E1"].duration_minutes, e["B4.E1"].modality) == (720, "groupe")
    assert e["B5.E1"].duration_minutes is None
    assert len(e["B1.E1"].deliverables) == 10 and "les persona et ambassadeurs de la marque" in e["B1.E1"].deliverables
    assert "les limites et faiblesses du plan d'actions" in e["B2.E1"].deliverables
    assert e["B3.E1"].criteria == tuple(f"B3.CE{i}" for i in range(16, 22))
    assert e["B3.E2"].criteria == tuple(f"B3.CE{i}" for i in range(22, 26))
    assert any("diagramme de PERT et de PARETO" in d for d in e["B4.E1"].deliverables)
    assert any("nombre total de MQL" in d for d in e["B5.E1"].deliverables)


def test_records_are_immutable(ref):
    with pytest.raises(Exception):
        ref.blocs[0].code = "B9"


def test_duplicate_competency_is_rejected(raw):
    bad = copy.deepcopy(raw)
    bad["blocs"][1]["competencies"].append({"code": "C3", "text": "doublon"})
    with pytest.raises(ReferentialError, match="C3 apparaît deux fois"):
        parse_referential(bad)


def test_duplicate_criterion_in_a_bloc_is_rejected(raw):
    bad = copy.deepcopy(raw)
    bad["blocs"][0]["criteria"].append({"code": "CE2", "text": "doublon"})
    with pytest.raises(ReferentialError, match="B1.CE2 apparaît deux fois"):
        parse_referential(bad)


def test_epreuve_citing_an_unknown_criterion_is_rejected(raw):
    bad = copy.deepcopy(raw)
    bad["blocs"][4]["epreuves"][0]["criteria"].append("CE99")
    with pytest.raises(ReferentialError, match="critères inconnus : CE99"):
        parse_referential(bad)


def test_criterion_without_epreuve_is_rejected(raw):
    bad = copy.deepcopy(raw)
    bad["blocs"][4]["epreuves"][0]["criteria"].remove("CE36")
    with pytest.raises(ReferentialError, match="B5.CE36 n'est évalué par aucune épreuve"):
        parse_referential(bad)


@pytest.mark.parametrize("field, value, message", [
    ("modality", "indiv", "modalité 'indiv' inconnue"),
    ("form", "pratique", "forme 'pratique' inconnue"),
    ("duration_minutes", "8h", "durée '8h' invalide"),
    ("duration_minutes", 0, "durée 0 invalide"),
    ("deliverables", "un livrable", "doit être une liste de textes"),
])
def test_malformed_epreuve_is_rejected(raw, field, value, message):
    bad = copy.deepcopy(raw)
    bad["blocs"][0]["epreuves"][0][field] = value
    with pytest.raises(ReferentialError, match=message):
        parse_referential(bad)


def test_malformed_bloc_code_is_rejected(raw):
    bad = copy.deepcopy(raw)
    bad["blocs"][4]["code"] = "Bloc5"
    with pytest.raises(ReferentialError, match="code de bloc mal formé"):
        parse_referential(bad)


def test_unreadable_file_names_the_file(tmp_path):
    path = tmp_path / "ref.json"
    path.write_text("{pas du json", encoding="utf-8")
    with pytest.raises(ReferentialError, match=str(path)):
        load_referential_file(path)
