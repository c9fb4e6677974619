"""A probe shared by the wheel tests: can a confined kernel read the course shipped with the package?"""

CONFINED_READ = """
import os, sys
from pathlib import Path
from cpmc_course import resources
from cpmc_course.engine import sandbox
abi = sandbox.landlock_abi()
if abi < 1:
    print("sans Landlock"); sys.exit(0)
readable = sandbox.readable_paths(Path(".").resolve())
solution = next((resources.course_root() / "source").rglob("*.ipynb"))
kit = Path(sandbox.__file__).parent.parent / "kit" / "__init__.py"
pid = os.fork()
if pid == 0:
    try:
        sandbox.confine(readable, [], sandbox.Limits(), abi)
        kit.read_bytes()  # the rest of the package stays readable
    except BaseException:
        os._exit(4)
    try:
        solution.read_bytes()
    except PermissionError:
        os._exit(0)
    os._exit(3)
code = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
print({0: "refusé", 3: "lu", 4: "paquet illisible"}.get(code, code))
"""
"""Python run with ``-c`` from a course-less folder: prints « refusé » when a process confined by the grading
sandbox can read the package (its kit) but not a solution notebook of the shipped course, « lu » when it can."""
