"""Hostile submissions through real nbgrader: each is graded with its fault confined, or reported in French.

Every hostile copy is a student of ONE course graded by one ``autograde`` call;
a clean course with the same honest students is graded once for reference:
their grades must be identical in both. Sandbox cases fail (never skip) in CI
when the machine offers no sandbox. The grader's environment holds a
PGPASSWORD and a hub token throughout; copies try every socket they can list
or guess, read ``/proc``, plant links toward the course root and fill the disk.
The copies that try to switch the tests off (``BYPASSES``: every way that beat
the former in-kernel guard) carry the honest wrong answers: they must score no
more than ``triche_honnete``, since test cells run in the evaluator kernel, out
of their reach.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import nbformat
import pytest

from builders import graded_test, make_course, manual, notebook, solution
from cpmc_course.engine.sandbox import probe
from cpmc_course.gradebook import db_url, read_grades
from cpmc_course.pipeline import autograde, release

pytestmark = pytest.mark.nbgrader
A = "b5_hostile"
SLEEP_MARK = "987"
SETTINGS = "[sandbox]\ndelai_cellule_s = 20\nmemoire_mio = 2048\nsortie_kio = 64\ndisque_mio = 32\n"
SECRETS = {"PGPASSWORD": "mdp-du-carnet-4242", "JUPYTERHUB_API_TOKEN": "jeton-du-hub-4242"}


def _assignment():
    setup = nbformat.v4.new_code_cell("import math\nimport numpy as np\nimport pandas as pd")
    return notebook([
        setup,
        solution("b5_taux_calc", "taux = 12 / 48"),
        graded_test("b5_taux_conversion", "# Vérifie le taux de conversion\nassert abs(taux - 0.25) < 1e-9, \"Le taux attendu est 12 / 48.\"", 2, ["CE35", "C35"]),
        solution("b5_leads_calc", "leads = [3, 5, 4]\ntotal_leads = sum(leads)"),
        graded_test("b5_total_leads", "# Vérifie le total des leads\nassert math.isclose(total_leads, 12), \"Additionnez les leads.\"", 3, ["CE35", "CE33", "C34"]),
        graded_test("b5_leads_numpy", "# Vérifie les leads par canal\nassert np.allclose(leads, [3, 5, 4]), \"Leads par canal.\"", 1, ["CE35", "C34"]),
        graded_test("b5_leads_pandas", "# Vérifie la série des leads\npd.testing.assert_series_equal(pd.Series(leads), pd.Series([3, 5, 4]))", 1, ["CE35", "C34"]),
        manual("b5_synthese", "Le canal e-mail convertit le mieux.\n\nGrille de correction : 5 points.", 5, ["CE36", "C36"]),
    ])


WRONG = "taux = 0.3"
WRONG_LEADS = "leads = [1, 1, 1]\ntotal_leads = 3"
PATCH = ("import builtins, math, numpy, pandas\nbuiltins.abs = lambda x: 0\nmath.isclose = lambda *a, **k: True\n"
         "numpy.allclose = lambda *a, **k: True\npandas.testing.assert_series_equal = lambda *a, **k: None")
SHADOW = ("def abs(x):\n    return 0\nclass math:\n    isclose = staticmethod(lambda *a, **k: True)\n"
          "np = type('F', (), {'allclose': staticmethod(lambda *a, **k: True)})()")
LIE = ("import builtins, math, numpy, pandas\n"
       "def lie(*a, **k):\n    builtins.abs = lambda x: 0\n    math.isclose = numpy.allclose = lambda *a, **k: True\n"
       "    pandas.testing.assert_series_equal = lambda *a, **k: None\n")
BYPASSES = {
    # each: an answer cell that tries to switch the tests off, on top of the honest wrong answers
    "contourne_transformateur": "get_ipython().input_transformers_post.append(lambda lines: ['pass\\n'] if any('assert' in l or 'testing' in l for l in lines) else lines)",
    "contourne_ast": ("import ast\nclass Vide(ast.NodeTransformer):\n    def visit_Assert(self, node):\n        return ast.Pass()\n"
                      "    def visit_Expr(self, node):\n        return ast.Pass()\nget_ipython().ast_transformers.append(Vide())"),
    "contourne_lignes": "get_ipython().input_transformer_manager.line_transforms.append(lambda lines: [l.replace('assert ', 'assert True or ') for l in lines])",
    "contourne_garde": ("import sys, types\nfaux = types.ModuleType('cpmc_course.engine.guard')\nfaux.LAST = ''\nfaux._pristine = {}\n"
                        "def restore(shell, b, u, nonce):\n    faux.LAST = nonce + '|'\nfaux.restore = restore\nfaux.reinstate = lambda shell: None\n"
                        "sys.modules['cpmc_course.engine.guard'] = faux\n"
                        "import cpmc_course.engine.evaluator as ev\n"
                        "ev.export = lambda ns, names: '{\"taux\": [\"module\", \"os\"], \"math\": [\"ref\", \"builtins\", \"eval\"], \"total_leads\": [\"ref\", \"posix\", \"system\"]}'"),
    "contourne_builtins": ("import builtins\nfaux = dict(vars(builtins))\nfaux['abs'] = lambda x: 0\nfaux['isinstance'] = lambda *a: True\n"
                           "get_ipython().user_ns['__builtins__'] = faux"),
    "contourne_classe": ("class Shell(type(get_ipython())):\n    def run_cell(self, raw_cell, *a, **k):\n"
                         "        return super().run_cell('pass' if 'assert' in raw_cell or 'testing' in raw_cell else raw_cell, *a, **k)\n"
                         "get_ipython().__class__ = Shell"),
    "contourne_thread": LIE + "import threading, time\ndef boucle():\n    while True:\n        lie()\n        time.sleep(0.0005)\nthreading.Thread(target=boucle, daemon=True).start()",
    "contourne_evenement": LIE + "lie.__module__ = 'IPython.core.events'\nget_ipython().events.register('pre_run_cell', lie)\nget_ipython().events.register('post_run_cell', lie)",
    "contourne_pickle": "import os\nclass Piege:\n    def __reduce__(self):\n        return (os.system, ('touch ../../../PIEGE',))\ntotal_leads = Piege()",
}
FLOAT_LIE = ("class Zero(float):\n    def __sub__(self, other):\n        return 0.0\n    __rsub__ = __sub__\n"
             "    def __eq__(self, other):\n        return True\n    __hash__ = float.__hash__\ntaux = Zero(0.3)")
LEADS_THEN = "leads = [3, 5, 4]\ntotal_leads = sum(leads)\n"

SOCKETS = """import os, socket, subprocess, sys
taux = 12 / 48
own = os.path.dirname(sys.argv[sys.argv.index('-f') + 1])  # the kernel's own runtime folder (its Jupyter sockets)
tops = {'/bin', '/boot', '/dev', '/etc', '/home', '/lib', '/lib64', '/media', '/mnt', '/opt', '/root', '/run', '/srv',
        '/tmp', '/usr', '/var', '/work', own, os.path.dirname(own), os.getcwd()}
tops.update(line.split()[1] for line in open('/proc/self/mounts'))
tops = sorted(p for p in tops if not p.startswith(('/proc', '/sys')))
found = subprocess.run(['find', *tops, '-type', 's'], capture_output=True, text=True).stdout.split()
listed = [l.split()[7] for l in open('/proc/net/unix').read().splitlines()[1:] if len(l.split()) > 7]
guessed = [os.path.join(os.path.dirname(own), 'zygote.sock'), '/run/postgresql/.s.PGSQL.5432', '/var/run/docker.sock']
for path in sorted(set(found + listed + guessed)):
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(path)
        if os.path.dirname(path) != own:
            s.sendall(b'{\\"argv\\": [], \\"sandbox\\": null}\\n')
        print('CONNECTE', 'PROPRE' if os.path.dirname(path) == own else 'AUTRE', path)
    except OSError as exc:
        print('REFUSE', type(exc).__name__, path)
    s.close()
print('TROUVES', len(found), 'LISTES', len(listed))"""
PROC = """import glob
taux = 12 / 48
pids = [p.split('/')[2] for p in glob.glob('/proc/[0-9]*')]
text = b''
for path in glob.glob('/proc/*/environ') + glob.glob('/proc/*/cmdline') + glob.glob('/proc/*/task/*/environ'):
    try:
        text += open(path, 'rb').read()
    except OSError:
        pass
print('PIDS', sorted(pids), 'FUITE' if b'4242' in text else 'RIEN', len(text))"""
LINKS = """import os, sys
taux = 12 / 48
own = os.path.dirname(sys.argv[sys.argv.index('-f') + 1])
for name, target in (('exercice.ipynb', '../../../gradebook.db'), ('nbgrader_config.py', '../../../nbgrader_config.py'),
                     ('source', '../../../source'), ('exercice.html', '../../../source/b5_hostile/exercice.ipynb'),
                     (os.path.join(own, 'lien'), '../../../gradebook.db'), ('/tmp/lien', '../../../gradebook.db')):
    try:
        if os.path.lexists(name):
            os.remove(name)
        os.symlink(target, name)
        print('LIEN CREE', name)
    except OSError as exc:
        print('LIEN REFUSE', name, type(exc).__name__)
for target in ('../../../gradebook.db', '../../../nbgrader_config.py', '/usr/bin/env', os.path.join(own, 'kernel.json')):
    try:
        os.link(target, 'dur-' + os.path.basename(target))
        print('LIEN DUR CREE', target)
    except OSError as exc:
        print('LIEN DUR REFUSE', target, type(exc).__name__)"""
QUOTA = """import os
taux = 12 / 48
written = 0
try:
    for i in range(200):
        with open(('/tmp/' if i % 2 else '') + f'bloc{i}', 'wb') as fh:
            fh.write(bytes(1024 * 1024))
        written += 1
except OSError as exc:
    print('PLEIN', written, exc.errno)"""
TEMPFILE = """import os, tempfile
with tempfile.TemporaryDirectory() as folder:
    with open(os.path.join(folder, 'leads.txt'), 'w') as fh:
        fh.write('12')
    with open(os.path.join(folder, 'leads.txt')) as fh:
        convertis = int(fh.read())
with tempfile.NamedTemporaryFile('w+') as fh:
    fh.write('48')
    fh.seek(0)
    taux = convertis / int(fh.read())"""

# student -> (answer for b5_taux_calc, answer for b5_leads_calc); None keeps the solution
EDITS = {
    "sockets": (SOCKETS, None),
    "proc": (PROC, None),
    "liens": (LINKS, None),
    "quota": (QUOTA, None),
    "fichier_temporaire": (TEMPFILE, None),
    "lit_source": ("taux = 12 / 48\nprint(open('../../../source/b5_hostile/exercice.ipynb').read()[:50])", None),
    "carnet_lu": ("import sqlite3\ntaux = 12 / 48\nprint(sqlite3.connect('file:../../../gradebook.db?mode=ro', uri=True).execute('select count(*) from grade').fetchall())", None),
    "carnet_ecrit": ("import sqlite3\ntaux = 12 / 48\ndb = sqlite3.connect('../../../gradebook.db')\ndb.execute('update grade set manual_score = 0')\ndb.commit()", None),
    "autre_copie": ("taux = 12 / 48\nprint(open('../../../submitted/propre/b5_hostile/exercice.ipynb').read()[:50])", None),
    "reseau": ("import socket\ntaux = 12 / 48\nsocket.create_connection(('1.1.1.1', 53), timeout=3)", None),
    "memoire": ("taux = 12 / 48\nx = bytearray(6 * 1024 ** 3)", None),
    "processus": (f"import subprocess\ntaux = 12 / 48\nfor _ in range(30):\n    subprocess.Popen(['sleep', '{SLEEP_MARK}'])", None),
    "os_exit": ("import os\nos._exit(1)", None),
    "sys_exit": ("import sys\nsys.exit(3)", None),
    "boucle": ("while True:\n    pass", None),
    "sortie": ("taux = 12 / 48\nfor _ in range(200):\n    print('x' * 1_000_000)", None),
    "secrets": ("import os\ntaux = 12 / 48\nprint('fuite :', os.environ.get('PGPASSWORD'), os.environ.get('JUPYTERHUB_API_TOKEN'))", None),
    "triche_honnete": (WRONG, WRONG_LEADS),
    "triche_patch": (WRONG + "\n" + PATCH, WRONG_LEADS),
    "triche_noms": (WRONG, WRONG_LEADS + "\n" + SHADOW),
    "flottant_menteur": (FLOAT_LIE, WRONG_LEADS),
    # honest answers, then a cell that loops or kills its kernel after computing them: only that cell may cost
    "historique": (None, LEADS_THEN + "print(chr(10).join(In))"),
    "boucle_apres_calcul": (None, LEADS_THEN + "while True:\n    pass"),
    "arret_apres_calcul": (None, LEADS_THEN + "import os\nos._exit(1)"),
    **{student: (WRONG, WRONG_LEADS + "\n" + code) for student, code in BYPASSES.items()},
}


def _copy(src: dict, taux: str | None, leads: str | None) -> dict:
    nb = json.loads(json.dumps(src))
    for cell in nb["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if grade_id == "b5_taux_calc" and taux is not None:
            cell["source"] = taux
        if grade_id == "b5_leads_calc" and leads is not None:
            cell["source"] = leads
    return nb


def _submit(root, student, data: bytes | str, name="exercice.ipynb"):
    target = root / "submitted" / student / A
    target.mkdir(parents=True, exist_ok=True)
    (target / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return target


def _course(root, hostile: bool):
    make_course(root, A, _assignment())
    (root / "autograder").mkdir()
    (root / "autograder" / "cpmc.toml").write_text(SETTINGS, encoding="utf-8")
    release(root)
    src_path = root / "source" / A / "exercice.ipynb"
    src = json.loads(src_path.read_text(encoding="utf-8"))
    _submit(root, "propre", json.dumps(src))
    _submit(root, "élève à accents", json.dumps(src))  # odd id: spaces and accents
    _submit(root, "vierge", (root / "release" / A / "exercice.ipynb").read_bytes())
    if not hostile:
        return root
    for student, (taux, leads) in EDITS.items():
        _submit(root, student, json.dumps(_copy(src, taux, leads)))
    _submit(root, "json_invalide", json.dumps(src)[:300])
    _submit(root, "json_profond", '{"cells": [], "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with open(_submit(root, "json_enorme", b"") / "exercice.ipynb", "wb") as fh:
        fh.truncate(51 * 2**20)
    _submit(root, "vide", b"")
    _submit(root, "non_utf8", b"\xff\xfe\x00{\x00" + json.dumps(src).encode("utf-16-le"))
    _submit(root, "nbformat3", nbformat.writes(nbformat.convert(nbformat.reads(json.dumps(src), as_version=4), 3), version=3))
    target = _submit(root, "lien_dev_zero", json.dumps(src))
    os.symlink("/dev/zero", target / "donnees.csv")
    target = root / "submitted" / "lien_source" / A
    target.mkdir(parents=True)
    os.symlink(src_path, target / "exercice.ipynb")
    for student, change in (("doublon", "dup"), ("doublon_avant", "dup_before"), ("renomme", "rename"), ("supprime", "delete")):
        nb = json.loads(json.dumps(src))
        idx = next(i for i, c in enumerate(nb["cells"]) if c["metadata"].get("nbgrader", {}).get("grade_id") == "b5_total_leads")
        if change == "dup":
            extra = json.loads(json.dumps(nb["cells"][idx]))
            extra.pop("id", None)
            nb["cells"].append(extra)
        elif change == "dup_before":  # as Jupyter's copy and paste: same cell id, pasted above the original
            nb["cells"].insert(1, json.loads(json.dumps(nb["cells"][idx])))
        elif change == "rename":
            nb["cells"][idx]["metadata"]["nbgrader"]["grade_id"] = "b5_autre_nom"
        else:
            del nb["cells"][idx]
        _submit(root, student, json.dumps(nb))
    return root


def _sleepers() -> list[int]:
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as fh:
                if fh.read().split(b"\0")[:2] == [b"sleep", SLEEP_MARK.encode()]:
                    found.append(int(pid))
        except OSError:
            continue
    return found


def _need_sandbox():
    support = probe()
    if not support.available:
        message = support.describe()
        if os.environ.get("CI"):
            pytest.fail(f"bac à sable requis en CI : {message}")
        pytest.skip(message)


def _course_files(root) -> dict[str, tuple]:
    """Content digest, mode and link count of every instructor file a planted link could reach."""
    found = {}
    for path in [root / "nbgrader_config.py", *sorted((root / "source").rglob("*")), *sorted((root / "release").rglob("*"))]:
        st = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(st.st_mode) else ""
        found[str(path.relative_to(root))] = (digest, stat.S_IMODE(st.st_mode), st.st_nlink, stat.S_IFMT(st.st_mode))
    return found


@pytest.fixture(scope="module")
def hostile_root():
    """A folder outside /tmp, as a real course is (in /tmp it would be hidden from kernels, not merely refused)."""
    folder = tempfile.mkdtemp(prefix="cpmc-hostile-", dir="/var/tmp" if os.path.isdir("/var/tmp") else None)
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def graded(tmp_path_factory, hostile_root):
    clean = _course(tmp_path_factory.mktemp("propre") / "cours", hostile=False)
    hostile = _course(hostile_root / "cours", hostile=True)
    clean_out = autograde(clean, jobs=2, progress=False)
    before = _course_files(hostile)
    with pytest.MonkeyPatch.context() as grader_shell:  # secrets in the grader's environment
        for name, value in SECRETS.items():
            grader_shell.setenv(name, value)
        out = {o.student_id: o for o in autograde(hostile, jobs=2, progress=False)}
    assert _course_files(hostile) == before  # nothing the copies did reached the instructor's files
    grades = {}
    for g in read_grades(db_url(hostile)):
        grades.setdefault(g.student_id, {})[g.grade_id] = g.score
    reference = {}
    for g in read_grades(db_url(clean)):
        reference.setdefault(g.student_id, {})[g.grade_id] = g.score
    assert all(o.ok for o in clean_out), [(o.student_id, o.reason) for o in clean_out if not o.ok]
    return hostile, out, grades, reference


def _outputs(root, student, grade_id) -> str:
    nb = json.loads(_autograded(root, student))
    cell = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)
    return json.dumps(cell.get("outputs", []), ensure_ascii=False)


def _stdout(root, student, grade_id) -> str:
    text = json.loads(_outputs(root, student, grade_id))[0]["text"]
    return "".join(text) if isinstance(text, list) else text


def _autograded(root, student) -> str:
    return (root / "autograded" / student / A / "exercice.ipynb").read_text(encoding="utf-8")


def test_honest_students_grades_identical_to_a_clean_run(graded):
    _, out, grades, reference = graded
    for student in ("propre", "élève à accents", "vierge"):
        assert out[student].ok and grades[student] == reference[student]
    assert reference["propre"]["b5_total_leads"] == 3 and reference["vierge"]["b5_total_leads"] == 0
    assert not out["propre"].tampering and not out["propre"].notes


@pytest.mark.parametrize("student", ["lit_source", "autre_copie"])
def test_cannot_read_solutions_or_other_copies(graded, student):
    _need_sandbox()
    root, out, grades, _ = graded
    assert "PermissionError" in _outputs(root, student, "b5_taux_calc")
    assert out[student].ok and grades[student]["b5_total_leads"] == 3


@pytest.mark.parametrize("student", ["carnet_lu", "carnet_ecrit"])
def test_gradebook_out_of_reach(graded, student):
    _need_sandbox()
    root, out, grades, reference = graded
    assert "OperationalError" in _outputs(root, student, "b5_taux_calc")
    assert grades["propre"] == reference["propre"]


def test_no_network(graded):
    _need_sandbox()
    root, out, grades, _ = graded
    text = _outputs(root, "reseau", "b5_taux_calc")
    assert "PermissionError" in text or "Network is unreachable" in text
    assert out["reseau"].ok


def test_grader_secrets_never_reach_student_code(graded):
    """A PGPASSWORD or a hub token in the grader's environment is not in the kernel's (gradebook on PostgreSQL)."""
    root, out, grades, _ = graded
    text = _outputs(root, "secrets", "b5_taux_calc")
    assert "fuite : None None" in text and "4242" not in text
    assert out["secrets"].ok and grades["secrets"]["b5_total_leads"] == 3


def test_big_allocation_is_refused(graded):
    _need_sandbox()
    root, out, grades, _ = graded
    assert "MemoryError" in _outputs(root, "memoire", "b5_taux_calc") and out["memoire"].ok
    assert grades["memoire"]["b5_total_leads"] == 3


def test_leftover_processes_are_gone(graded):
    _need_sandbox()
    _, out, grades, _ = graded
    assert out["processus"].ok and grades["processus"]["b5_total_leads"] == 3
    assert _sleepers() == []


@pytest.mark.parametrize("student", ["os_exit", "sys_exit", "boucle"])
def test_faulty_cell_costs_that_cell_only(graded, student):
    _, out, grades, _ = graded
    assert out[student].ok
    assert grades[student]["b5_taux_conversion"] == 0  # the cell's own answer is lost…
    assert grades[student]["b5_total_leads"] == 3 and grades[student]["b5_leads_pandas"] == 1  # …the others are graded
    if student != "sys_exit":
        assert any("noyau" in n or "délai" in n for n in out[student].notes)


def test_huge_output_is_cut(graded):
    root, out, grades, _ = graded
    assert out["sortie"].ok and grades["sortie"]["b5_total_leads"] == 3
    assert (root / "autograded" / "sortie" / A / "exercice.ipynb").stat().st_size < 1_000_000
    assert "sortie tronquée" in _autograded(root, "sortie")


@pytest.mark.parametrize("student,reason", [
    ("json_invalide", "JSON invalide"), ("vide", "fichier vide"), ("non_utf8", "non UTF-8"),
    ("lien_source", "aucun notebook dans le dossier rendu (exercice.ipynb : lien symbolique ignoré"), ("json_profond", "JSON imbriqué sur plus de 64 niveaux"),
    ("json_enorme", "notebook trop volumineux"),
])
def test_unreadable_copies_are_reported_in_french(graded, student, reason):
    _, out, grades, _ = graded
    assert not out[student].ok and reason in out[student].reason and "exercice.ipynb" in out[student].reason
    assert student not in grades or all(v in (0, None) for v in grades[student].values())


def test_nbformat3_is_upgraded_and_graded(graded):
    _, out, grades, reference = graded
    assert out["nbformat3"].ok and grades["nbformat3"] == reference["propre"]


def test_symlink_to_dev_zero_is_never_followed(graded):
    root, out, grades, reference = graded
    assert out["lien_dev_zero"].ok and grades["lien_dev_zero"] == reference["propre"]
    assert any("lien symbolique ignoré" in n for n in out["lien_dev_zero"].notes)
    assert not (root / "autograded" / "lien_dev_zero" / A / "donnees.csv").exists()


@pytest.mark.parametrize("student", ["doublon", "doublon_avant", "renomme", "supprime"])
def test_altered_graded_cell_costs_only_that_cell(graded, student):
    _, out, grades, reference = graded
    assert out[student].ok and grades[student]["b5_total_leads"] == 0
    assert any("b5_total_leads" in n and "compte 0" in n for n in out[student].notes)
    assert bool(out[student].tampering) == student.startswith("doublon")  # a duplicated graded cell flags the copy
    others = {k: v for k, v in reference["propre"].items() if k != "b5_total_leads"}
    assert {k: grades[student][k] for k in others} == others


@pytest.mark.parametrize("student", ["triche_patch", "triche_noms", "flottant_menteur", *BYPASSES])
def test_tampering_scores_no_more_than_honest(graded, student):
    """Test cells run in the evaluator kernel: nothing the copy does to its own interpreter reaches them."""
    root, out, grades, _ = graded
    honest = sum(v or 0 for v in grades["triche_honnete"].values())
    assert out[student].ok and sum(v or 0 for v in grades[student].values()) <= honest == 0
    assert not out["triche_honnete"].tampering and not (root / "PIEGE").exists()


def test_no_socket_of_the_grader_is_reachable(graded):
    """Every socket the copy can list (/proc/net/unix), find (find over every folder it may read) or guess (the
    template server's, PostgreSQL's): only its own kernel's Jupyter sockets answer."""
    _need_sandbox()
    root, out, grades, _ = graded
    text = _stdout(root, "sockets", "b5_taux_calc")
    lines = text.splitlines()
    assert any(line.startswith("CONNECTE PROPRE") for line in lines), text  # the scan itself works
    assert not [line for line in lines if line.startswith("CONNECTE AUTRE")], text
    assert any(line.startswith("REFUSE FileNotFoundError") and line.endswith("/zygote.sock") for line in lines), text
    assert out["sockets"].ok and grades["sockets"]["b5_total_leads"] == 3


def test_proc_shows_no_other_process_and_no_secret(graded):
    """/proc/*/environ and /proc/*/cmdline of every process the copy can see: its kernel alone, no secret."""
    _need_sandbox()
    root, out, grades, _ = graded
    text = _outputs(root, "proc", "b5_taux_calc")
    assert "PIDS ['1']" in text and "RIEN" in text and "FUITE" not in text and "4242" not in text
    assert out["proc"].ok and grades["proc"]["b5_total_leads"] == 3


def test_planted_links_never_reach_the_course(graded):
    """No link can be made; nothing planted reaches autograded/ nor the instructor's files (checked in the fixture)."""
    _need_sandbox()
    root, out, grades, reference = graded
    text = _stdout(root, "liens", "b5_taux_calc")
    assert "LIEN CREE" not in text and "LIEN DUR CREE" not in text and text.count("REFUSE") == 10, text
    assert out["liens"].ok and grades["liens"] == reference["propre"]
    for path in (root / "autograded").rglob("*"):
        st = path.lstat()
        assert not stat.S_ISLNK(st.st_mode) and (stat.S_ISDIR(st.st_mode) or st.st_nlink == 1), path
    assert sorted(p.name for p in (root / "autograded" / "liens" / A).iterdir()) == ["exercice.ipynb"]


def test_disk_quota_per_copy(graded):
    """disque_mio = 32: the copy's working folder and /tmp together hold 32 MiB; nothing stays on the grader's disk."""
    _need_sandbox()
    root, out, grades, _ = graded
    text = _outputs(root, "quota", "b5_taux_calc")
    written = int(text.split("PLEIN ")[1].split()[0])
    assert 20 <= written <= 32 and " 28" in text, text  # ENOSPC
    assert out["quota"].ok and grades["quota"]["b5_total_leads"] == 3
    assert sum(p.stat().st_size for p in (root / "autograded" / "quota").rglob("*") if p.is_file()) < 1024 * 1024


def test_tempfile_works_in_a_kernel(graded):
    """An honest copy using tempfile (its folder and named files) scores as the solution."""
    root, out, grades, reference = graded
    assert out["fichier_temporaire"].ok and grades["fichier_temporaire"] == reference["propre"]
    assert "Error" not in _outputs(root, "fichier_temporaire", "b5_taux_calc")


@pytest.mark.parametrize("student,name", [("flottant_menteur", "taux"), ("contourne_pickle", "total_leads")])
def test_foreign_types_are_refused_and_flagged(graded, student, name):
    root, out, _, _ = graded
    assert any(f"«\u202f{name}\u202f»" in t for t in out[student].tampering)
    assert "non transmises au test" in _outputs(root, student, "b5_taux_conversion" if name == "taux" else "b5_total_leads")


def test_hidden_tests_never_enter_the_students_kernel(graded):
    """The test cells' source is not in the student's history: a copy cannot print it from ``In``."""
    root, out, grades, reference = graded
    text = _outputs(root, "historique", "b5_leads_calc")
    assert "taux = 12 / 48" in text and "Le taux attendu" not in text  # the answers are there, the test cell is not
    assert grades["historique"] == reference["propre"]


@pytest.mark.parametrize("student", ["boucle_apres_calcul", "arret_apres_calcul"])
def test_a_faulty_cell_keeps_what_it_computed(graded, student):
    """A loop interrupted, or an exit replayed as an error, after the answers: the later tests score as the honest copy."""
    _, out, grades, reference = graded
    assert out[student].ok and any("b5_leads_calc" in n for n in out[student].notes)
    assert grades[student] == reference["propre"]
