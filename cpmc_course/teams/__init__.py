"""Team épreuves: the roster, one graded copy per team, jury grids for orals.

The instructor declares the teams once, in ``autograder/equipes.csv`` (UTF-8,
``;`` or ``,`` separated, columns ``sujet,equipe,etudiant,statut``; ``statut``
empty or ``absent``). An assignment is a team assignment when its source
notebooks say ``"equipe": true`` (see ``mapping``).

A team is graded under a pseudo-student whose id says it is a team
(``equipe--<sujet>--<equipe>``) and whose gradebook last name is the team's
display name, « Équipe Alpha — b4_projet_web_equipe » (first name empty), so
the formgrader tells teams of different assignments apart. Before autograde, the
students' own copies of team assignments move from ``submitted/`` into
``copies_equipes/<sujet>/<étudiant>/<horodatage>/`` (every hand-in kept, so
nothing is lost and the formgrader lists only teams), and the newest copy of a
present member is staged into ``submitted/<team id>/<sujet>/``: each written
answer is graded once per team. For an oral, the released jury grid is staged
for every team that has no copy, so the jury fills it in the formgrader.

At report time, ``member_grades`` (:mod:`cpmc_course.grading.members`) copies each team's cell grades to its present
members as the roster says *today*: changing the roster changes the next report,
never the gradebook.
"""

from ..errors import RosterError
from ..grading.members import member_grades
from .copies import (ARCHIVE_DIR, GRID_HEADER, NOTES_FILE, TeamCopy, archive_member_copies, load_team_copies, prepare_grid,
                     save_team_copies, stage_team_copies, unassigned_copies)
from .roster import (ABSENT, COLUMNS, ROSTER_FILE, TEAM_PREFIX, Roster, RosterRow, Team, check_roster, handed_in, is_team_id,
                     known_students, load_roster, parse_roster, slug, team_id)

__all__ = [
    "ABSENT", "ARCHIVE_DIR", "COLUMNS", "GRID_HEADER", "NOTES_FILE", "ROSTER_FILE", "TEAM_PREFIX", "Roster", "RosterError",
    "RosterRow", "Team", "TeamCopy", "archive_member_copies", "check_roster", "handed_in", "is_team_id", "known_students",
    "load_roster", "load_team_copies", "member_grades", "parse_roster", "prepare_grid", "save_team_copies", "slug",
    "stage_team_copies", "team_id", "unassigned_copies",
]
