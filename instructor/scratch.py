"""A scratch copy of the course, for the tools and tests that grade without touching the real one."""
import shutil
from pathlib import Path

from .course import REPO, assignments
from .release import generate, stage_support_files


def scratch_course(root, db_url=None):
    """Builds a scratch course in `root`: source/ copied (support files staged), release/ generated from it.

    Generating (rather than copying release/) records the assignments in the scratch gradebook, db_url
    (default: root/gradebook.db); test_release.py checks that the committed release/ is the same.
    Returns the gradebook's URL.
    """
    root = Path(root)
    db_url = db_url or f"sqlite:///{root / 'gradebook.db'}"
    for assignment in assignments():
        stage_support_files(assignment)
        shutil.copytree(REPO / "source" / assignment.name, root / "source" / assignment.name)
    generate(root / "release", root=root, db_url=db_url)
    return db_url
