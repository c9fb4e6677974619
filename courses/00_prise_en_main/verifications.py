"""Immediate checks of the primer's exercises (``courses/00_prise_en_main``).

Each ``verifier_…`` function takes the learner's answer (``None`` while the exercise
is not done) and returns a :class:`cpmc_course.kit.Feedback` in French. Expected
values are recomputed here from the CSV files with the standard ``csv`` module, not
with pandas, so that a check never repeats the learner's own route. Numbers follow
the rounding the exercise states: the correctly rounded value passes (tolerance half
the last digit), the next value at that precision does not.
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from functools import cache
from pathlib import Path
from typing import Any

from cpmc_course.kit import WRONG, Feedback, accepted, check_choice, check_number, fr_nombre, no_answer, rejected

DONNEES = Path(__file__).resolve().parent / "donnees"


@cache
def _rows(name: str) -> tuple[dict[str, str], ...]:
    with open(DONNEES / f"{name}.csv", encoding="utf-8", newline="") as file:
        return tuple(csv.DictReader(file))


def _commandes() -> tuple[dict[str, str], ...]:
    return _rows("commandes")


def _campagne(nom: str) -> dict[str, str]:
    return next(r for r in _rows("campagnes") if r["campagne"] == nom)


def _ca(row: dict[str, str]) -> float:
    return int(row["quantite"]) * float(row["prix_unitaire_ht"])


def _rounded(
    reponse: Any, exact: float, decimales: int, *, success: str, hint: str, traps: tuple[tuple[float, str], ...] = ()
) -> Feedback:
    """Accept the value rounded to ``decimales`` (half a unit of the last digit either side); name the mistake a trap matches."""
    attendu = round(exact, decimales)
    tolerance = 0.5 * 10**-decimales
    rel_tol = (tolerance - 1e-9) / max(abs(attendu), 1e-12)
    feedback = check_number(reponse, attendu, success=success, hint=hint, rel_tol=rel_tol)
    if feedback.status != WRONG or isinstance(reponse, (str, bool)):
        return feedback
    try:
        value = float(reponse)
    except (TypeError, ValueError):
        return feedback
    for trap, message in traps:  # a mistake rounded, or not, at any scale (a proportion for a percentage…)
        if abs(value - trap) <= max(tolerance, 0.005 * abs(trap)):
            return rejected(message)
    return feedback


def _abc(reponse: Any, attendu: str, *, success: str, hints: dict[str, str]) -> Feedback:
    """A question answered by a letter, A, B or C."""
    return check_choice(reponse, attendu, options=["A", "B", "C"], success=success, hints=hints)


def _count(reponse: Any, attendu: int, *, success: str, hint: str, traps: tuple[tuple[float, str], ...] = ()) -> Feedback:
    return check_number(reponse, attendu, success=success, hint=hint, traps=traps, rel_tol=1e-9)


# ---------------------------------------------------------------- 01 : un notebook, des cellules

def verifier_prix_ttc(reponse: Any) -> Feedback:
    """Dripper céramique (an accessory, not food): 14,90 € HT, TVA 20 %, TTC rounded to the cent."""
    return _rounded(
        reponse, 14.90 * 1.20, 2,
        success="17,88 € TTC : prix HT × (1 + 20 %).",
        hint="Prix TTC = prix HT × (1 + taux de TVA), soit prix_ht * 1.2, arrondi au centime avec round(…, 2).",
        traps=((14.90 * 0.20, "Vous avez calculé le montant de la TVA seul : ajoutez-le au prix HT."),
               (14.90 / 1.2, "Vous avez divisé par 1,2 : cela retire la TVA d'un prix TTC. Ici, on part du HT.")),
    )


def verifier_taux_de_marque(reponse: Any) -> Feedback:
    """Coffret découverte: sold 29,90 € HT, costs 12,60 € HT; taux de marque in %, to the tenth."""
    exact = (29.90 - 12.60) / 29.90 * 100
    return _rounded(
        reponse, exact, 1,
        success=f"le taux de marque du coffret est de {fr_nombre(round(exact, 1))} % : la marge représente cette part du prix de vente HT.",
        hint="Taux de marque = (prix de vente HT − coût HT) / prix de vente HT × 100, arrondi au dixième.",
        traps=(((29.90 - 12.60) / 12.60 * 100, "C'est le taux de marge : il rapporte la marge au coût. Le taux de marque la rapporte au prix de vente."),
               ((29.90 - 12.60) / 29.90, "C'est une proportion : multipliez par 100 pour l'exprimer en %.")),
    )


def verifier_cartons(reponse: Any) -> Feedback:
    """130 packets of coffee, 12 per box: boxes needed, rounded up."""
    attendu = -(-130 // 12)
    return _count(
        reponse, attendu,
        success=f"{attendu} cartons : {attendu - 1} n'en contiendraient que {12 * (attendu - 1)} paquets.",
        hint="Divisez 130 par 12, puis arrondissez vers le haut avec math.ceil(…).",
        traps=((130 // 12, "Arrondi vers le bas : il manquerait des paquets. math.ceil arrondit vers le haut."),),
    )


def verifier_arrondi(reponse: Any) -> Feedback:
    """Which instruction shows 0.1172 as a percentage rounded to the tenth."""
    return _abc(
        reponse, "B",
        success="round(taux * 100, 1) donne 11.7 : on passe en pourcentage, puis on arrondit au dixième.",
        hints={"A": "round(taux, 1) arrondit la proportion au dixième : 0.1, soit 10 %, ce qui fausse le résultat.",
               "C": "round(taux, 3) * 100 donne 11.700000000000001 : arrondissez en dernier."},
    )


# ---------------------------------------------------------------- 02 : lire, sélectionner, filtrer, trier

def verifier_commandes_instagram_mobile(reponse: Any) -> Feedback:
    rows = _commandes()
    attendu = sum(r["canal"] == "Instagram" and r["appareil"] == "mobile" for r in rows)
    return _count(
        reponse, attendu,
        success=f"{attendu} commandes viennent d'Instagram et ont été passées sur mobile.",
        hint="Combinez les deux conditions avec & et mettez chacune entre parenthèses, puis comptez les lignes avec len(…).",
        traps=((sum(r["canal"] == "Instagram" for r in rows), "C'est le nombre de commandes Instagram, tous appareils : ajoutez la condition sur l'appareil."),
               (sum(r["canal"] == "Instagram" or r["appareil"] == "mobile" for r in rows), "Vous avez utilisé | (ou) : il faut & (et).")),
    )


def verifier_clients_distincts(reponse: Any) -> Feedback:
    rows = _commandes()
    attendu = len({r["client_id"] for r in rows})
    return _count(
        reponse, attendu,
        success=f"{attendu} clientes et clients différents ont commandé : certains ont commandé plusieurs fois.",
        hint="Comptez les valeurs différentes de la colonne client_id avec .nunique().",
        traps=((len(rows), "C'est le nombre de commandes (de lignes) : un même client peut apparaître plusieurs fois."),),
    )


def verifier_commandes_avec_avis(reponse: Any) -> Feedback:
    rows = _commandes()
    attendu = sum(r["note_avis"] != "" for r in rows)
    return _count(
        reponse, attendu,
        success=f"{attendu} commandes sur {len(rows)} ont reçu un avis.",
        hint="Une case vide se lit NaN : .notna() vaut True quand la note existe, et .sum() compte les True.",
        traps=((len(rows) - attendu, "Vous avez compté les commandes sans avis (.isna()) : il faut celles qui en ont un."),),
    )


def verifier_produit_le_plus_commande(reponse: Any) -> Feedback:
    counts = Counter(r["produit"] for r in _commandes())
    attendu, n = counts.most_common(1)[0]
    return check_choice(
        reponse, attendu, options=sorted(counts),
        success=f"{attendu} apparaît dans {n} commandes : .value_counts() trie du plus fréquent au moins fréquent.",
        hints={p: "Ce produit n'est pas le plus fréquent : regardez la première ligne de .value_counts()." for p in counts},
    )


def verifier_campagne_la_plus_chere(reponse: Any) -> Feedback:
    rows = _rows("campagnes")
    attendu = max(rows, key=lambda r: float(r["cout_ht"]))["campagne"]
    moins_chere = min(rows, key=lambda r: float(r["cout_ht"]))["campagne"]
    return check_choice(
        reponse, attendu, options=[r["campagne"] for r in rows],
        success=f"« {attendu} » est la campagne la plus coûteuse : elle est en tête du tri décroissant.",
        hints={moins_chere: "C'est la moins chère : triez avec ascending=False pour avoir la plus chère en premier."},
    )


# ---------------------------------------------------------------- 03 : colonnes, formules et taux

def verifier_ca_total(reponse: Any) -> Feedback:
    rows = _commandes()
    exact = sum(_ca(r) for r in rows)
    return _rounded(
        reponse, exact, 0,
        success=f"Torvane a réalisé {fr_nombre(round(exact))} € HT de chiffre d'affaires sur ces commandes.",
        hint="Créez la colonne ca_ht = quantite × prix_unitaire_ht, faites sa somme avec .sum(), puis arrondissez à l'euro avec round(…).",
        traps=((sum(float(r["prix_unitaire_ht"]) for r in rows), "Vous avez additionné les prix unitaires : multipliez d'abord chaque prix par la quantité."),),
    )


def verifier_taux_de_marque_global(reponse: Any) -> Feedback:
    rows = _commandes()
    ca = sum(_ca(r) for r in rows)
    cout = sum(int(r["quantite"]) * float(r["cout_unitaire_ht"]) for r in rows)
    exact = (ca - cout) / ca * 100
    return _rounded(
        reponse, exact, 1,
        success=f"la marge brute représente {fr_nombre(round(exact, 1))} % du chiffre d'affaires HT (taux de marque global).",
        hint="Taux de marque global = (CA HT total − coût total) / CA HT total × 100 : faites les sommes d'abord, la division ensuite.",
        traps=(((ca - cout) / cout * 100, "Vous avez rapporté la marge au coût : c'est le taux de marge. Le taux de marque se rapporte au CA."),
               ((ca - cout) / ca, "C'est une proportion : multipliez par 100 pour l'exprimer en %.")),
    )


def verifier_taux_de_clic(reponse: Any) -> Feedback:
    c = _campagne("Défi latte art")
    exact = int(c["clics"]) / int(c["impressions"]) * 100
    return _rounded(
        reponse, exact, 2,
        success=f"taux de clic de {fr_nombre(round(exact, 2), 2)} % : clics / impressions × 100.",
        hint="Taux de clic = clics / impressions × 100, arrondi au centième avec round(…, 2).",
        traps=((int(c["clics"]) / int(c["impressions"]), "C'est une proportion : multipliez par 100."),
               (int(c["impressions"]) / int(c["clics"]), "Vous avez inversé le rapport : clics au numérateur, impressions au dénominateur.")),
    )


def verifier_cout_par_lead(reponse: Any) -> Feedback:
    c = _campagne("Lancement abonnement")
    exact = float(c["cout_ht"]) / int(c["leads"])
    return _rounded(
        reponse, exact, 2,
        success=f"chaque lead du lancement de l'abonnement a coûté {fr_nombre(round(exact, 2), 2)} € HT.",
        hint="Coût par lead = coût de la campagne / nombre de leads, arrondi au centime.",
        traps=((float(c["cout_ht"]) / int(c["clics"]), "Vous avez divisé par les clics : c'est le coût par clic."),
               (int(c["leads"]) / float(c["cout_ht"]), "Vous avez inversé le rapport : le coût au numérateur.")),
    )


def verifier_part_avis_positifs(reponse: Any) -> Feedback:
    rows = _commandes()
    notes = [float(r["note_avis"]) for r in rows if r["note_avis"] != ""]
    positifs = sum(n >= 4 for n in notes)
    exact = positifs / len(notes) * 100
    return _rounded(
        reponse, exact, 1,
        success=f"{fr_nombre(round(exact, 1))} % des avis donnent 4 ou 5 sur 5 (sur les commandes notées).",
        hint="Part = avis de 4 ou 5 / avis donnés × 100. La moyenne d'une colonne de True/False donne directement la part de True.",
        traps=((positifs / len(rows) * 100, "Vous avez divisé par toutes les commandes : les commandes sans avis ne comptent pas au dénominateur."),
               (sum(n > 4 for n in notes) / len(notes) * 100, "Vous n'avez compté que les 5 : « 4 ou 5 » s'écrit >= 4.")),
    )


def verifier_canaux_nettoyes(reponse: Any) -> Feedback:
    if reponse is None:
        return no_answer()
    attendu = {r["canal_saisi"].strip().lower() for r in _rows("campagnes")}
    try:
        valeurs = set(reponse)
    except TypeError:
        return rejected("La réponse doit être une colonne (Series) de textes, par exemple campagnes[\"canal\"].")
    if valeurs <= {None}:
        return no_answer()
    if valeurs == attendu:
        return accepted(f"{len(attendu)} canaux distincts au lieu de {len({r['canal_saisi'] for r in _rows('campagnes')})} : les espaces et les majuscules ne créent plus de faux doublons.")
    if {v.lower() if isinstance(v, str) else v for v in valeurs} == attendu:
        return rejected("Il reste des espaces en début ou en fin de texte : ajoutez .str.strip().")
    return rejected("Enchaînez .str.strip() (retire les espaces au bord) et .str.lower() (met en minuscules).")


def verifier_remises(reponse: Any) -> Feedback:
    """Remise of 10 % of ca_ht on orders of 3 items or more, 0 elsewhere: total in euros, to the euro."""
    rows = _commandes()
    exact = sum(0.10 * _ca(r) for r in rows if int(r["quantite"]) >= 3)
    return _rounded(
        reponse, exact, 0,
        success=f"les remises coûtent {fr_nombre(round(exact))} € HT : seules les commandes de 3 articles ou plus en ont une.",
        hint="Créez remise_ht = 0 partout, puis .loc[commandes[\"quantite\"] >= 3, \"remise_ht\"] = commandes[\"ca_ht\"] * 0.10, "
             "et faites la somme de la colonne, arrondie à l'euro.",
        traps=((sum(0.10 * _ca(r) for r in rows), "Vous avez appliqué la remise à toutes les commandes : limitez-la avec la condition dans .loc[…]."),
               (sum(0.10 * _ca(r) for r in rows if int(r["quantite"]) > 3), "« 3 articles ou plus » s'écrit >= 3 (avec > 3, il n'y a aucune commande)."),
               (sum(_ca(r) for r in rows if int(r["quantite"]) >= 3), "C'est le CA de ces commandes : la remise en vaut 10 % (× 0.10).")),
    )


# ---------------------------------------------------------------- 04 : tableaux croisés

def _ca_par(colonne: str) -> dict[str, float]:
    totaux: dict[str, float] = defaultdict(float)
    for r in _commandes():
        totaux[r[colonne]] += _ca(r)
    return dict(totaux)


def verifier_canal_premier(reponse: Any) -> Feedback:
    totaux = _ca_par("canal")
    attendu = max(totaux, key=totaux.get)
    volumes = Counter(r["canal"] for r in _commandes())
    hints = {c: "Ce canal n'a pas le plus gros chiffre d'affaires : triez la somme de ca_ht par canal en ordre décroissant." for c in totaux}
    top_volume = volumes.most_common(1)[0][0]
    if top_volume != attendu:
        hints[top_volume] = "C'est le canal qui a le plus de commandes, pas le plus de chiffre d'affaires : faites la somme de ca_ht."
    return check_choice(
        reponse, attendu, options=sorted(totaux),
        success=f"{attendu} apporte le plus de chiffre d'affaires HT.", hints=hints,
    )


def verifier_clients_80_pct(reponse: Any) -> Feedback:
    totaux: dict[str, float] = defaultdict(float)
    for r in _commandes():
        totaux[r["client_id"]] += _ca(r)
    valeurs = sorted(totaux.values(), reverse=True)
    total, cumul, attendu = sum(valeurs), 0.0, 0
    while cumul < 0.8 * total:
        cumul += valeurs[attendu]
        attendu += 1
    return _count(
        reponse, attendu,
        success=(f"{attendu} clients sur {len(valeurs)} ({fr_nombre(round(attendu / len(valeurs) * 100, 1))}\u202f%) "
                 "font 80\u202f% du chiffre d'affaires : ce sont les clients de la classe A."),
        hint="Triez le CA par client en ordre décroissant, calculez la part cumulée avec .cumsum() / total, "
             "comptez les clients sous 0,8 et ajoutez 1.",
        traps=((attendu - 1, "Presque : ajoutez le client qui fait franchir les 80\u202f%."),
               (round(0.8 * len(valeurs)), "C'est 80\u202f% des clients, pas le nombre de clients qui font 80\u202f% du CA.")),
    )


def verifier_panier_moyen_instagram(reponse: Any) -> Feedback:
    ca = [_ca(r) for r in _commandes() if r["canal"] == "Instagram"]
    exact = sum(ca) / len(ca)
    tout = [_ca(r) for r in _commandes()]
    return _rounded(
        reponse, exact, 2,
        success=f"panier moyen Instagram : {fr_nombre(round(exact, 2), 2)} € HT par commande.",
        hint="Panier moyen = CA HT / nombre de commandes : .groupby(\"canal\")[\"ca_ht\"].mean(), puis la ligne Instagram.",
        traps=((sum(tout) / len(tout), "C'est le panier moyen de tous les canaux : regroupez par canal."),
               (sum(ca), "C'est le CA total d'Instagram : divisez par le nombre de commandes (moyenne).")),
    )


def verifier_ca_cafes_glaces_mobile(reponse: Any) -> Feedback:
    rows = _commandes()
    exact = sum(_ca(r) for r in rows if r["gamme"] == "Cafés glacés" and r["appareil"] == "mobile")
    return _rounded(
        reponse, exact, 0,
        success=f"{fr_nombre(round(exact))} € HT de cafés glacés vendus sur mobile.",
        hint="Dans le tableau croisé (index=\"gamme\", columns=\"appareil\", values=\"ca_ht\", aggfunc=\"sum\"), lisez la case Cafés glacés × mobile avec .loc[\"Cafés glacés\", \"mobile\"].",
        traps=((sum(_ca(r) for r in rows if r["gamme"] == "Cafés glacés"), "C'est le CA des cafés glacés sur tous les appareils : prenez la colonne mobile."),),
    )


def verifier_part_ca_mobile(reponse: Any) -> Feedback:
    par_appareil = _ca_par("appareil")
    exact = par_appareil["mobile"] / sum(par_appareil.values()) * 100
    part_commandes = Counter(r["appareil"] for r in _commandes())["mobile"] / len(_commandes()) * 100
    return _rounded(
        reponse, exact, 1,
        success=f"le mobile pèse {fr_nombre(round(exact, 1))} % du chiffre d'affaires HT.",
        hint="Part = CA mobile / CA total × 100 : groupby(\"appareil\")[\"ca_ht\"].sum(), divisé par la somme de toute la colonne.",
        traps=((part_commandes, "C'est la part des commandes, pas du chiffre d'affaires : sommez ca_ht."),
               (exact / 100, "C'est une proportion : multipliez par 100.")),
    )


def verifier_ca_instagram_mars(reponse: Any) -> Feedback:
    """Instagram's ca_ht in March (month number 3), to the euro."""
    rows = _commandes()
    exact = sum(_ca(r) for r in rows if r["canal"] == "Instagram" and r["date"][5:7] == "03")
    return _rounded(
        reponse, exact, 0,
        success=f"Instagram a réalisé {fr_nombre(round(exact))} € HT en mars : la colonne 3 du tableau, écrite sans guillemets.",
        hint="Dans le tableau (index=\"canal\", columns=\"mois_num\"), lisez .loc[\"Instagram\", 3] : l'étiquette de colonne est le nombre 3.",
        traps=((sum(_ca(r) for r in rows if r["date"][5:7] == "03"), "C'est le CA de mars, tous canaux : prenez la ligne Instagram."),
               (sum(_ca(r) for r in rows if r["canal"] == "Instagram"), "C'est le CA d'Instagram sur l'année : prenez la colonne 3 (mars).")),
    )


def verifier_canal_ca_par_client(reponse: Any) -> Feedback:
    """Channel with the highest ca_ht per distinct client."""
    ca, clients = _ca_par("canal"), defaultdict(set)
    for r in _commandes():
        clients[r["canal"]].add(r["client_id"])
    par_client = {c: ca[c] / len(clients[c]) for c in ca}
    attendu = max(par_client, key=par_client.get)
    hints = {c: "Ce canal n'a pas le CA par client le plus élevé : triez la colonne ca_par_client en ordre décroissant." for c in ca}
    premier_ca = max(ca, key=ca.get)
    if premier_ca != attendu:
        hints[premier_ca] = "C'est le canal au plus gros CA total : divisez par le nombre de clients distincts."
    return check_choice(
        reponse, attendu, options=sorted(ca),
        success=f"{attendu} rapporte {fr_nombre(round(par_client[attendu], 2), 2)} € HT par client, le plus de tous les canaux.",
        hints=hints,
    )


# ---------------------------------------------------------------- 05 : graphiques

def verifier_ca_par_mois(reponse: Any) -> Feedback:
    if reponse is None:
        return no_answer()
    attendu: dict[str, float] = defaultdict(float)
    for r in _commandes():
        attendu[r["date"][:7]] += _ca(r)
    try:
        valeurs = {str(k): float(v) for k, v in dict(reponse).items()}
    except (TypeError, ValueError):
        return rejected("La réponse doit être une série : le CA HT (valeurs) par mois (index « 2026-01 »…).")
    if list(valeurs) != sorted(attendu):
        return rejected("L'index doit être le mois écrit « 2026-01 », « 2026-02 »… dans l'ordre : .dt.strftime(\"%Y-%m\") puis groupby.")
    if all(abs(valeurs[m] - attendu[m]) < 0.01 for m in attendu):
        pic = max(attendu, key=attendu.get)
        return accepted(f"12 mois, et un pic en {pic} : la courbe le montrera d'un coup d'œil.")
    return rejected("Les mois sont bons mais pas les montants : faites la somme de ca_ht (quantité × prix), pas un comptage.")


def verifier_choix_graphique(reponse: Any) -> Feedback:
    return _abc(
        reponse, "B",
        success="une courbe montre une évolution dans le temps ; des barres comparent des catégories.",
        hints={"A": "Un camembert montre les parts d'un tout à un moment donné, pas une évolution sur douze mois.",
               "C": "Des barres triées comparent des catégories ; trier les mois casserait l'ordre du temps."},
    )


# ---------------------------------------------------------------- 06 : lire un message d'erreur

def verifier_diagnostic_nameerror(reponse: Any) -> Feedback:
    return _abc(
        reponse, "A",
        success="NameError : le nom n'existe pas encore dans la mémoire du notebook. Exécutez la cellule qui le crée (ou menu Exécution › « Exécuter tout au-dessus de la cellule sélectionnée »).",
        hints={"B": "pandas est bien installé : l'erreur porte sur un nom que Python ne connaît pas encore.",
               "C": "Le nom est bien écrit dans l'énoncé : c'est la cellule qui le crée qui n'a pas été exécutée."},
    )


def verifier_diagnostic_keyerror(reponse: Any) -> Feedback:
    return _abc(
        reponse, "C",
        success="KeyError : la colonne demandée n'existe pas sous ce nom. Affichez commandes.columns et recopiez le nom exact.",
        hints={"A": "Le tableau est bien chargé (sinon l'erreur serait une NameError) : c'est le nom de colonne qui ne correspond pas.",
               "B": "Une KeyError ne vient pas d'un calcul : elle dit que la clé (ici, le nom de colonne) est introuvable."},
    )


def verifier_panier_moyen_corrige(reponse: Any) -> Feedback:
    ca = [_ca(r) for r in _commandes() if r["canal"] == "Facebook"]
    exact = sum(ca) / len(ca)
    return _rounded(
        reponse, exact, 2,
        success=f"le code corrigé donne un panier moyen Facebook de {fr_nombre(round(exact, 2), 2)} € HT.",
        hint="Corrigez les trois fautes (nom de la colonne, nom de la méthode, parenthèse) et arrondissez au centime.",
    )
