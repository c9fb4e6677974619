"""`cpmc`: thin command line over the library. Exit 0 on success, 1 when a check fails, 2 on bad input."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .errors import CpmcError, MappingError, RosterError
from .hub.settings import HubSettingsError

OK, CHECK_FAILED, BAD_INPUT = 0, 1, 2

EXPORT_FORMATS = ("tableur", "moodle-referentiel", "case", "moodle-notes", "cellules")
"""What ``cpmc export --format`` writes (the spreadsheet by default)."""

_FRENCH = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "affiche cette aide et quitte",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "expected one argument": "une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "option %(argument_name)s : %(message)s",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut désigner %(matches)s",
}
"""argparse's own messages, in French (argparse looks them up through gettext)."""


def _french(message: str) -> str:
    return _FRENCH.get(message, message)


def _print_problems(exc: MappingError) -> None:
    print("Étiquettes ou métadonnées invalides dans source/ :", file=sys.stderr)
    for problem in exc.problems:
        print(f"  - {problem}", file=sys.stderr)


GRADEBOOK_HELP = (
    "Carnet de notes : celui de nbgrader, c.CourseDirectory.db_url de nbgrader_config.py (racine du cours ou dossiers "
    "de configuration Jupyter) ; par défaut gradebook.db (SQLite) à la racine du cours, ou un serveur PostgreSQL "
    "(docs/gradebook-postgresql.md). Les messages le nomment, mot de passe masqué."
)
"""Epilog of the commands that read or write the gradebook."""


def _say_gradebook(course) -> None:
    from .gradebook import describe

    print(f"Carnet de notes : {describe(course.db_url)}")


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_referential(args) -> int:
    from .referential import load_referential

    ref = load_referential()
    if args.json:
        _print_json({
            "version": ref.version,
            "certification": ref.certification,
            "blocs": [{
                "code": b.code,
                "text": b.title,
                "activities": list(b.activities),
                "competencies": [{"code": c.code, "text": c.text} for c in b.competencies],
                "criteria": [{"code": c.code, "qualified": c.qualified, "text": c.text, "epreuve": c.epreuve} for c in b.criteria],
                "epreuves": [{
                    "code": e.code, "text": "\n".join(e.description), "title": e.title, "modality": e.modality, "form": e.form,
                    "duration_minutes": e.duration_minutes, "deliverables": list(e.deliverables),
                    "assessment": e.assessment, "criteria": list(e.criteria),
                } for e in b.epreuves],
            } for b in ref.blocs],
        })
        return OK
    print(f"Référentiel {ref.certification} (version {ref.version})")
    for b in ref.blocs:
        print(f"\n{b.code} — {b.title}")
        for c in b.competencies:
            print(f"  {c.code:5} {c.text}")
        for e in b.epreuves:
            duration = f"{e.duration_minutes} min" if e.duration_minutes else "durée non fixée"
            print(f"  {e.title} : {e.modality}, {e.form}, {duration}")
            for d in e.deliverables:
                print(f"      - {d}")
        for c in b.criteria:
            print(f"  {c.qualified:8} {c.text}")
    return OK


def cmd_coverage(args) -> int:
    from .coverage import coverage, missing
    from .course import open_course
    from .referential import load_referential

    course = open_course(args.course_dir)
    try:
        items = coverage(course.mapping(), load_referential())
    except MappingError as exc:
        _print_problems(exc)
        return CHECK_FAILED
    gaps = missing(items)
    if args.json:
        _print_json([{
            "code": i.code, "kind": i.kind, "bloc": i.bloc, "text": i.text, "assessed": i.assessed,
            "points": i.points,
            "cells": [{"assignment": c.assignment, "notebook": c.notebook, "grade_id": c.grade_id, "points": c.points, "kind": c.kind} for c in i.cells],
        } for i in items])
    else:
        for i in items:
            mark = "✓" if i.assessed else "✗"
            where = ", ".join(f"{c.label} ({c.points:g} pt, {c.kind})" for c in i.cells) or "non évalué"
            print(f"{mark} {i.code:8} {where}")
        print(f"\n{len(items) - len(gaps)} / {len(items)} critères et compétences évalués.")
    if args.strict and gaps:
        print("Couverture incomplète (--strict) ; non évalués : " + ", ".join(i.code for i in gaps), file=sys.stderr)
        return CHECK_FAILED
    return OK


def cmd_release(args) -> int:
    from .course import open_course
    from .pipeline import release

    course = open_course(args.course_dir)
    course.mapping()  # refuse to publish a subject whose tags are wrong
    _say_gradebook(course)
    done = release(course.root, args.assignments or None)
    print(f"Versions étudiantes générées dans {course.root / 'release'} : {', '.join(done)}.")
    return OK


def cmd_autograde(args) -> int:
    from .course import autograde_course, open_course
    from .pipeline import summary

    course = open_course(args.course_dir)
    _say_gradebook(course)
    result = autograde_course(course, args.assignments or None, jobs=args.jobs, progress=not args.quiet, force=args.force,
                              sandbox=args.sandbox)
    if result.team_copies:
        print("Copies d'équipe :")
        for copy in result.team_copies:
            print(f"  {copy.describe()}")
    for note in result.notes:
        print(f"  ! {note}")
    print(summary(list(result.outcomes)))
    return OK if all(o.ok for o in result.outcomes) else CHECK_FAILED


def cmd_equipes(args) -> int:
    from .course import open_course

    course = open_course(args.course_dir)
    mapping = course.mapping()
    roster = course.roster(mapping)
    if args.json:
        _print_json([{
            "sujet": t.assignment, "equipe": t.name, "id": t.id, "oral": mapping.is_oral(t.assignment), "ligne": t.line,
            "membres": [{"etudiant": m, "absent": m in t.absent} for m in t.members],
        } for t in roster.teams])
        return OK
    if not mapping.team_assignments:
        print("Aucun sujet d'équipe dans source/ (métadonnées \"equipe\": true).")
    for assignment in sorted(mapping.team_assignments):
        kind = "oral noté sur grille du jury" if mapping.is_oral(assignment) else "copie unique par équipe"
        print(f"{assignment} ({kind}) :")
        for t in roster.for_assignment(assignment):
            names = ", ".join(f"{m} (absent·e)" if m in t.absent else m for m in t.members)
            print(f"  {t.name:15} {t.id:40} {names}")
    print(f"\n{len(roster.teams)} équipe(s) dans {roster.path} : fichier valide.")
    return OK


def cmd_report(args) -> int:
    from .course import make_report, open_course

    course = open_course(args.course_dir)
    _say_gradebook(course)
    page = make_report(course, args.out or course.root / "rapport", csv_format=args.format)
    print(f"Rapport écrit : {page}")
    return OK


def cmd_grille(args) -> int:
    from .course import open_course
    from .grading_sheet import build_sheets, missing_rubrics, render_sheet, write_sheets

    course = open_course(args.course_dir)
    sheets = build_sheets(course.source, args.assignments or None)
    pages = {s.assignment: render_sheet(s) for s in sheets}
    if args.equipes:
        from .jury_sheet import team_sheets

        mapping = course.mapping()
        orals = {a for a in mapping.team_assignments if mapping.is_oral(a)}
        roster = course.roster(mapping, required=orals & set(args.assignments) if args.assignments else orals)
        pages.update(team_sheets(course.source, roster, args.assignments or None))
    written = write_sheets(pages, args.out or course.root / "grilles", protected=course.root)
    if args.pdf:
        from .pdf import print_pages, require_printer

        require_printer()
        written += print_pages(written)
    for path in written:
        print(f"Grille de correction écrite : {path}")
    for note in missing_rubrics(sheets):
        print(f"  ! {note}", file=sys.stderr)
    return OK


def cmd_lab(args) -> int:
    from .course import open_course
    from .lab import run_lab

    course = open_course(args.course_dir)
    extra = [a for a in args.jupyter_args if a != "--"]
    return run_lab(course.root, extra)


def cmd_feedback(args) -> int:
    from .course import open_course
    from .feedback_pages import make_feedback

    course = open_course(args.course_dir)
    pages = make_feedback(course, args.out or course.root / "retours", args.assignments or None, pdf=args.pdf, server=args.serveur)
    where = pages[0].parent if pages else Path(args.out or course.root / "retours")
    kind = "pages HTML et PDF" if args.pdf else "pages HTML"
    print(f"Retours écrits ({len(pages)} étudiant(s), {kind}) dans {where}.")
    return OK


def cmd_demo(args) -> int:
    from .demo import run_demo
    from .pipeline import summary

    result = run_demo(args.out, n_students=args.students, jobs=args.jobs, progress=not args.quiet)
    for copy in result.team_copies:
        print(f"Copie d'équipe : {copy.describe()}")
    print(summary(list(result.outcomes)))
    print(f"Cours de démonstration : {result.course_dir}")
    print(f"Rapport de cohorte à ouvrir dans un navigateur : {result.report}")
    if result.feedback:
        print(f"Pages de retour des étudiants (cpmc feedback) : {result.feedback}")
    print(f"Durée : {result.seconds:.0f} s")
    return OK


def cmd_copy_gradebook(args) -> int:
    from .course import open_course
    from .gradebook import copy_gradebook, describe

    source = args.source or open_course(args.course_dir).db_url
    copied = copy_gradebook(source, args.cible)
    print(f"Carnet de notes copié de {describe(source)} vers {describe(args.cible)} : "
          f"{copied.get('student', 0)} étudiant(s), {copied.get('grade', 0)} note(s), {sum(copied.values())} ligne(s) en tout.")
    print("Ensuite : c.CourseDirectory.db_url = \"…\" dans nbgrader_config.py (voir docs/gradebook-postgresql.md).")
    return OK


def cmd_session(args) -> int:
    from .course import open_course
    from .sessions.session import create_session, list_sessions

    course = open_course(args.course_dir).root
    if args.action == "liste":
        records = list_sessions(course)
        for r in records:
            print(f"{r.name} : créée le {r.created}, blocs {', '.join(r.blocs)}, sujets {', '.join(r.assignments)}")
        print(f"{len(records)} session(s) dans {Path(course).resolve() / 'sessions'}")
        return OK
    if not args.nom or args.graine is None:
        raise CpmcError("« cpmc session creer » demande un nom et une graine : cpmc session creer s2 --graine 12345")
    record = create_session(course, args.nom, args.graine, args.blocs.split(","))
    print(f"Session {record.name} créée : {', '.join(record.assignments)} (source/ et release/), notes du formateur "
          f"dans sessions/{record.name}/. Gardez la graine secrète. Suite : cpmc autograde {' '.join(record.assignments)}")
    return OK


def cmd_init(args) -> int:
    from .resources import init_course

    target = init_course(args.dossier)
    print(f"Cours complet copié dans {target} : sujets (source/, release/), cours, études de cas, autograder/, nbgrader_config.py.")
    print(f"Remise des copies sur cette machine : échange nbgrader dans {target / 'echange'}, devoirs récupérés par "
          "l'étudiant·e dans travail_etudiant/ (onglet Devoirs de JupyterLab, voir « Rendre sa copie » dans le README).")
    print(f"Équipes : renommez autograder/equipes.exemple.csv en equipes.csv et remplacez les exemples. Suite : cd {target} && cpmc coverage")
    return OK


def cmd_hub(args) -> int:
    from .hub import HubSettings, LtiSettings, write_hub

    lti_values = (args.lti_emetteur, args.lti_client, args.lti_autorisation, args.lti_cles)
    settings = HubSettings(
        course_id=args.cours_id, instructors=_names(args.formateurs), students=_names(args.candidats),
        student_group=args.groupe_candidats or "", course_dir=args.dossier_cours or f"/home/grader-{args.cours_id}/cours",
        exchange=args.echange, db_url=args.carnet or "", auth=args.auth, ip=args.ip, port=args.port,
        service_port=args.port_formgrader, python=args.python or sys.executable, idle_minutes=args.inactivite,
        lti=LtiSettings(*(v or "" for v in lti_values)) if any(lti_values) else None,
    )
    out = write_hub(settings, args.out)
    print(f"Configuration du hub du cours {settings.course_id} écrite dans {out} (lire {out / 'README.md'}).")
    print(f"Suite, en root : sh {out / 'installer.sh'} puis jupyterhub -f {out / 'jupyterhub_config.py'}")
    return OK


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (value or "").split(",") if n.strip())


def cmd_export(args) -> int:
    from .course import export_text, open_course
    from .gradebook import describe

    course = open_course(args.course_dir)
    text = export_text(course, args.format)
    if not args.out:
        sys.stdout.write(text)
        return OK
    out = Path(args.out)
    if out.is_dir():
        raise CpmcError(f"{out} est un dossier : donnez le nom du fichier à écrire (par exemple {out / 'export.csv'}).")
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(out)
    gradebook = "" if args.format in ("moodle-referentiel", "case") else f" ; carnet de notes lu : {describe(course.db_url)}"
    print(f"Export « {args.format} » écrit dans {out}{gradebook}.")
    return OK


def cmd_questions(args) -> int:
    from .revision.questions import load_banks

    questions = load_banks(args.bloc)
    if args.criteres:
        return _questions_per_criterion(questions, args)
    if args.json:
        _print_json([q.summary() for q in questions])
        return OK
    for q in questions:
        s = q.summary()
        crit = f" {s['criterion']}" if s.get("criterion") else ""
        print(f"{s['id']:45} {s['bloc']} {s['competency']:5}{crit:9} {s['kind']:15} {s['question']}")
    print(f"\n{len(questions)} question(s).")
    return OK


def _questions_per_criterion(questions, args) -> int:
    from .referential import load_referential
    from .revision.questions import MIN_QUESTIONS_PER_CRITERION, questions_per_criterion

    ref = load_referential()
    per = questions_per_criterion(questions, ref)
    rows = [(c, per[c.qualified]) for c in ref.criteria if args.bloc is None or c.bloc == args.bloc]
    thin = [c.qualified for c, ids in rows if len(ids) < MIN_QUESTIONS_PER_CRITERION]
    if args.json:
        _print_json([{"criterion": c.qualified, "text": c.text, "count": len(ids), "questions": ids} for c, ids in rows])
    else:
        for c, ids in rows:
            flag = "" if len(ids) >= MIN_QUESTIONS_PER_CRITERION else "  ← insuffisant"
            print(f"{c.qualified:9} {len(ids):3} question(s){flag}  {c.text}")
        untagged = sum(q.criterion is None for q in questions)
        print(f"\n{len(questions)} question(s), dont {untagged} sans critère.")
    if thin:
        print(
            f"Critères préparés par moins de {MIN_QUESTIONS_PER_CRITERION} questions : {', '.join(thin)}.",
            file=sys.stderr,
        )
        return CHECK_FAILED
    return OK


def _bloc(value: str) -> str:
    bloc = value.strip().upper()
    if bloc not in {"B1", "B2", "B3", "B4", "B5"}:
        raise argparse.ArgumentTypeError(f"bloc inconnu {value!r} (B1 à B5)")
    return bloc


def build_parser() -> argparse.ArgumentParser:
    argparse._ = _french  # argparse's messages go through this module-level gettext alias
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--course-dir", default=argparse.SUPPRESS, help="racine du cours nbgrader (par défaut : le dossier courant)")
    parser = argparse.ArgumentParser(prog="cpmc", description="Cours CPMC : référentiel, correction nbgrader et bilans de compétences.")
    parser.add_argument("--course-dir", default=None, help="racine du cours nbgrader (par défaut : le dossier courant)")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMANDE")

    def command(name: str, help: str, gradebook: bool = False) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, parents=[common], epilog=GRADEBOOK_HELP if gradebook else None)

    p = command("referential", help="affiche le référentiel (blocs, compétences, critères, épreuves)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(func=cmd_referential)

    p = command("coverage", help="critères et compétences évalués par les cellules notées de source/")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument("--strict", action="store_true", help="échoue si un critère ou une compétence n'est pas évalué")
    p.set_defaults(func=cmd_coverage)

    p = command("release", help="génère les versions étudiantes (nbgrader generate_assignment) dans release/", gradebook=True)
    p.add_argument("assignments", nargs="*", metavar="SUJET")
    p.set_defaults(func=cmd_release)

    p = command("autograde", help="corrige submitted/ copie par copie, code des copies confiné, sans qu'une copie défectueuse bloque les autres",
                gradebook=True)
    p.add_argument("assignments", nargs="*", metavar="SUJET")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="copies corrigées en parallèle (défaut : nombre de cœurs)")
    p.add_argument("--sandbox", choices=("auto", "required", "off"), default="auto",
                   help="confinement du code des copies : auto (si la machine le permet), required (sinon refus), off")
    p.add_argument("--force", action="store_true", help="recorrige aussi les copies inchangées depuis la dernière correction")
    p.add_argument("--quiet", action="store_true", help="sans barre de progression")
    p.set_defaults(func=cmd_autograde)

    p = command("equipes", help="liste et vérifie les équipes déclarées dans autograder/equipes.csv")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.set_defaults(func=cmd_equipes)

    p = command("report", help="écrit les bilans CSV et HTML à partir du carnet de notes", gradebook=True)
    p.add_argument("--out", help="dossier du rapport (défaut : rapport/)")
    p.add_argument("--format", choices=("tableur", "machine"), default="tableur",
                   help="fichiers CSV : tableur français (« ; », BOM, en-têtes français ; défaut) ou machine (« , », en-têtes anglais)")
    p.set_defaults(func=cmd_report)

    p = command("grille", help="écrit, par sujet, la grille de correction à garder à côté du formgrader (grilles/<sujet>.html)")
    p.add_argument("assignments", nargs="*", metavar="SUJET", help="sujets à traiter (défaut : tous)")
    p.add_argument("--out", metavar="DOSSIER", help="dossier des grilles (défaut : grilles/ à la racine du cours)")
    p.add_argument("--equipes", action="store_true",
                   help="ajoute, pour chaque oral, la fiche du jury de chaque équipe (<id de l'équipe>.html, 2 pages A4)")
    p.add_argument("--pdf", action="store_true", help="imprime aussi chaque page en PDF A4 (Playwright et Chromium)")
    p.set_defaults(func=cmd_grille)

    p = command("lab", help="ouvre le cours dans JupyterLab, en français (options de jupyter lab après --)")
    p.add_argument("jupyter_args", nargs=argparse.REMAINDER, metavar="-- OPTIONS", help="passées à jupyter lab")
    p.set_defaults(func=cmd_lab)

    p = command("feedback", help="écrit, par étudiant, une page de retour en français (points, messages des tests visibles, "
                                 "commentaires, niveaux, leçons et questions à retravailler) dans retours/")
    p.add_argument("assignments", nargs="*", metavar="SUJET", help="sujets couverts par la page (défaut : les sujets déjà rendus par au moins un étudiant)")
    p.add_argument("--out", metavar="DOSSIER", help="dossier des retours (défaut : retours/ à la racine du cours)")
    p.add_argument("--pdf", action="store_true", help="imprime aussi chaque page en PDF A4 (Playwright et Chromium)")
    p.add_argument("--serveur", metavar="URL", help="adresse JupyterLab où s'ouvrent les leçons, par exemple http://localhost:8888 "
                                                   "ou https://hub.ecole.fr/user/{utilisateur} (défaut : [liens] de "
                                                   "autograder/cpmc.toml ; sans serveur, les chemins sont donnés en texte)")
    p.set_defaults(func=cmd_feedback)

    p = command("demo", help="simule une promotion complète et produit son rapport")
    p.add_argument("--out", default="demo", help="dossier de la démonstration (défaut : demo/)")
    p.add_argument("--students", type=int, default=12, help="nombre d'étudiants simulés, de 1 à 200 (défaut : 12)")
    p.add_argument("--jobs", type=int, default=2, help="copies corrigées en parallèle (défaut : 2)")
    p.add_argument("--quiet", action="store_true", help="sans barre de progression")
    p.set_defaults(func=cmd_demo)

    p = command("copier-carnet", help="copie le carnet de notes du cours (SQLite) dans une base neuve (PostgreSQL), en une transaction")
    p.add_argument("cible", metavar="URL_CIBLE", help="base neuve, par exemple postgresql+psycopg://cpmc_b5@db.ecole.fr:5432/cpmc_b5")
    p.add_argument("--source", metavar="URL", help="carnet à copier (défaut : celui du cours, c.CourseDirectory.db_url)")
    p.set_defaults(func=cmd_copy_gradebook)

    p = command("session", help="crée le sujet confidentiel d'une session (graine secrète de l'école) ou liste les sessions")
    p.add_argument("action", choices=("creer", "liste"), help="creer : génère les sujets de la session ; liste : les sessions du cours")
    p.add_argument("nom", nargs="?", metavar="NOM", help="nom de la session (s2, rattrapage_2027)")
    p.add_argument("--graine", type=int, help="graine secrète du tirage des données (un entier que l'école garde pour elle)")
    p.add_argument("--blocs", default="B5", help="blocs de la session, séparés par des virgules (défaut : B5)")
    p.set_defaults(func=cmd_session)

    p = command("init", help="copie un cours complet (sujets, cours, études de cas, réglages) dans un dossier nouveau ou vide")
    p.add_argument("dossier", metavar="DOSSIER", help="dossier du nouveau cours (nouveau ou vide)")
    p.set_defaults(func=cmd_init)

    p = command("hub", help="écrit la configuration d'un JupyterHub pour le cours (formgrader partagé, échange, français)")
    p.add_argument("--out", required=True, metavar="DOSSIER", help="dossier à écrire (nouveau ou vide)")
    p.add_argument("--cours-id", default="cpmc", help="identifiant nbgrader du cours et nom du service formgrader (défaut : cpmc)")
    p.add_argument("--formateurs", metavar="COMPTES", help="comptes des formateurs, séparés par des virgules")
    p.add_argument("--candidats", metavar="COMPTES", help="comptes des candidats, séparés par des virgules")
    p.add_argument("--groupe-candidats", metavar="GROUPE", help="ou : groupe Unix des candidats (--auth pam)")
    p.add_argument("--dossier-cours", metavar="CHEMIN", help="racine du cours sur le hub (défaut : /home/grader-<cours>/cours)")
    p.add_argument("--echange", default="/srv/nbgrader/exchange", metavar="CHEMIN", help="dossier d'échange nbgrader (défaut : /srv/nbgrader/exchange)")
    p.add_argument("--carnet", metavar="URL", help="carnet de notes postgresql+psycopg://… (défaut : gradebook.db SQLite dans le cours)")
    p.add_argument("--auth", default="pam", choices=("pam", "lti13"), help="pam : comptes Unix (défaut) ; lti13 : connexion depuis Moodle")
    for option, text in (("--lti-emetteur", "émetteur LTI 1.3 (https://moodle.ecole.fr)"), ("--lti-client", "identifiant client donné par Moodle"),
                         ("--lti-autorisation", "adresse d'authentification de Moodle (…/mod/lti/auth.php)"),
                         ("--lti-cles", "adresse des clés publiques de Moodle (…/mod/lti/certs.php)")):
        p.add_argument(option, help=text)
    p.add_argument("--ip", default="", help="adresse d'écoute du hub (défaut : toutes)")
    p.add_argument("--port", type=int, default=8000, help="port du hub (défaut : 8000)")
    p.add_argument("--port-formgrader", type=int, default=9999, help="port local du formgrader partagé (défaut : 9999)")
    p.add_argument("--python", metavar="CHEMIN", help="interpréteur des serveurs (défaut : celui de cpmc)")
    p.add_argument("--inactivite", type=int, default=60, metavar="MINUTES", help="arrêt des serveurs inactifs (défaut : 60 min)")
    p.set_defaults(func=cmd_hub)

    p = command("export", help="exporte les résultats (tableur, Moodle, par cellule) ou le référentiel (Moodle, CASE)", gradebook=True)
    p.add_argument("--format", default="tableur", choices=EXPORT_FORMATS, metavar="FORMAT",
                   help="tableur (défaut : une ligne par étudiant et sujet, avec statut, date de rendu et retard de la copie corrigée), moodle-notes, cellules, "
                        "moodle-referentiel (import de référentiel de compétences), case (1EdTech CASE 1.0, JSON)")
    p.add_argument("--out", help="fichier à écrire (défaut : sortie standard)")
    p.set_defaults(func=cmd_export)

    p = command("questions", help="liste les banques de questions de révision")
    p.add_argument("--bloc", type=_bloc, help="un seul bloc (B1 à B5)")
    p.add_argument("--json", action="store_true", help="sortie JSON")
    p.add_argument(
        "--criteres", action="store_true",
        help="nombre de questions par critère du référentiel ; échoue si un critère en a moins de 2",
    )
    p.set_defaults(func=cmd_questions)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except MappingError as exc:
        _print_problems(exc)
        return BAD_INPUT
    except HubSettingsError as exc:
        print("Réglages du hub invalides, rien n'a été écrit :", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return BAD_INPUT
    except RosterError as exc:
        print("Équipes invalides :", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return BAD_INPUT
    except CpmcError as exc:
        print(f"Erreur : {exc}", file=sys.stderr)
        return BAD_INPUT
    except BrokenPipeError:  # output piped into `head`: not an error (BrokenPipeError is an OSError, so first)
        return OK
    except OSError as exc:
        print(f"Erreur d'accès au fichier {exc.filename or ''} : {exc.strerror or exc}", file=sys.stderr)
        return BAD_INPUT
    except KeyboardInterrupt:
        print("Interrompu.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
