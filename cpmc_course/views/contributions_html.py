"""The cohort page's section on team members' contributions: WebPA factors, flags, moderation stated."""

from __future__ import annotations

import html

from ..kit.nombres import fr_nombre
from ..teams.contributions import (
    CONTRIBUTIONS_FILE,
    FLAG_BELOW,
    Moderation,
    TeamContributions,
)

FLAG = "contribution très inférieure à celle de l'équipe"
"""The flag's wording on the page (French)."""


def _rule(moderation: Moderation) -> str:
    formula = (f"Chaque membre répartit 100 points entre tous les membres de l'équipe, lui compris, dans "
               f"<code>{CONTRIBUTIONS_FILE}</code>. Facteur de contribution WebPA\u00a0: somme des parts reçues (chaque "
               "évaluateur distribue 1 au total), multipliée par n / nombre d'évaluateurs si certains membres n'ont pas "
               f"noté\u00a0; 1 = contribution égale. Signalement\u00a0: facteur inférieur à {fr_nombre(FLAG_BELOW, 2)}. ")
    if moderation.enabled:
        return formula + (f"<strong>Modération WebPA activée</strong>\u00a0: la note d'équipe de chaque membre est multipliée par "
                          f"1 − p + p × facteur, p = {fr_nombre(moderation.weight, 2)}, sans dépasser les points de chaque "
                          "cellule\u00a0; une équipe sans fiche valable n'est pas modérée.")
    return formula + ("<strong>Modération WebPA désactivée</strong> (réglage par défaut)\u00a0: chaque membre présent reçoit la "
                      "note d'équipe telle quelle\u00a0; l'enseignant peut l'activer avec <code>moderation_webpa = true</code> "
                      "dans la table <code>[equipes]</code> de <code>autograder/cpmc.toml</code>.")


def _rows(team: TeamContributions, names: dict[str, str], moderation: Moderation) -> str:
    rows = []
    for f in team.factors:
        flag = f'<span class="non-acquis">⚠ {FLAG}</span>' if f.flagged else ""
        extra = f"<td>× {fr_nombre(f.multiplier(moderation), 2)}</td>" if moderation.enabled else ""
        rows.append(f"<tr><td>{html.escape(team.team)}</td><td>{html.escape(names.get(f.student_id, f.student_id))}</td>"
                    f"<td>{fr_nombre(f.factor, 2)}</td><td>{flag}</td>{extra}</tr>")
    return "".join(rows)


def contributions_section(teams: tuple[TeamContributions, ...], moderation: Moderation, names: dict[str, str]) -> str:
    """The section, empty when no team copy was handed in."""
    if not teams:
        return ""
    parts = ["<h2>Contributions des membres (WebPA)</h2>", f'<p class="note">{_rule(moderation)}</p>']
    head = "<th>Coefficient appliqué</th>" if moderation.enabled else ""
    for assignment in sorted({t.assignment for t in teams}):
        held = [t for t in teams if t.assignment == assignment]
        body = "".join(_rows(t, names, moderation) for t in held if t.factors)
        parts.append(f"<h3>{html.escape(assignment)}</h3>")
        if body:
            parts.append(f"<table><tr><th>Équipe</th><th>Membre</th><th>Facteur</th><th>Signalement</th>{head}</tr>{body}</table>")
        problems = [t.problem for t in held if t.problem]
        if problems:
            parts.append('<p class="note">Sans facteur de contribution\u00a0:</p><ul>'
                         + "".join(f"<li>{html.escape(p)}</li>" for p in problems) + "</ul>")
    return "".join(parts)


def member_contribution(student_id: str, teams: tuple[TeamContributions, ...], moderation: Moderation) -> str:
    """The student's own page: their contribution factor in each team record, the flag, the moderation applied."""
    rows = []
    for team in teams:
        for f in (f for f in team.factors if f.student_id == student_id):
            flag = f' — <span class="non-acquis">⚠ {FLAG}</span>' if f.flagged else ""
            applied = (f" — note d'équipe multipliée par {fr_nombre(f.multiplier(moderation), 2)} (modération WebPA)"
                       if moderation.enabled else " — note d'équipe reçue telle quelle (modération WebPA désactivée)")
            rows.append(f"<li>{html.escape(team.assignment)}, équipe {html.escape(team.team)}\u00a0: facteur de contribution "
                        f"{fr_nombre(f.factor, 2)}{flag}{applied}</li>")
    if not rows:
        return ""
    return ("<h2>Contribution au travail d'équipe</h2><p class=\"note\">Facteur WebPA tiré de la fiche de contribution de "
            f"l'équipe (1 = contribution égale\u00a0; signalement au-dessous de {fr_nombre(FLAG_BELOW, 2)}).</p><ul>"
            + "".join(rows) + "</ul>")
