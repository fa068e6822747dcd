"""Builds release/<assignment>/ from source/<assignment>/: the student version.

    python -m instructor.release            regenerate release/ for every assignment
    python -m instructor.release --check    fail if release/ differs from what would be generated

Steps: stage the support files a notebook imports (the utils modules it uses and
its data files) next to the instructor notebook, so that nbgrader copies them into the release
and into every autograded folder (nbgrader copies real files, not symlinks);
then run `nbgrader generate_assignment`, which strips solutions and hidden tests.
"""
import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from .course import DATASETS, REPO, UTILS, assignments, by_name, nbgrader


def stage_support_files(assignment, root=REPO):
    """Copies the utils modules the notebook needs and the assignment's data files into source/<assignment>/.

    Only the modules the notebook imports (and what they import) go, not all of utils/: see
    Assignment.utils_modules.
    """
    folder = Path(root) / "source" / assignment.name
    target = folder / "utils"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for module in assignment.utils_modules(root):
        shutil.copy2(UTILS / f"{module}.py", target / f"{module}.py")
    data_target = folder / "datasets"
    shutil.rmtree(data_target, ignore_errors=True)
    if assignment.datasets:
        data_target.mkdir()
        for name in assignment.datasets:
            shutil.copy2(DATASETS / name, data_target / name)


def generate(release_dir, root=REPO, db_url=None):
    """Stages support files and runs nbgrader generate_assignment into `release_dir`."""
    for assignment in assignments(root):
        stage_support_files(assignment, root)
        nbgrader("generate_assignment", assignment.name, "--force", "--quiet",
                 f"--CourseDirectory.release_directory={release_dir}", root=root, db_url=db_url)


def tree_differences(left, right):
    """Relative paths that differ between two folders (missing on one side or different bytes)."""
    left, right = Path(left), Path(right)
    def files(base):
        return {p.relative_to(base) for p in base.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    lf, rf = files(left), files(right)
    diffs = sorted(str(p) for p in lf ^ rf)
    diffs += sorted(str(p) for p in lf & rf if not filecmp.cmp(left / p, right / p, shallow=False))
    return diffs


def check():
    """True when release/ equals a fresh generation (into a scratch gradebook)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp) / "release"
        generate(fresh, db_url=f"sqlite:///{tmp}/gradebook.db")
        diffs = tree_differences(REPO / "release", fresh)
    if diffs:
        print("release/ is out of date with source/ (run `make release` and commit):")
        for d in diffs:
            print("  ", d)
        return False
    print("release/ is current.")
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    parser.add_argument("--stage", metavar="ASSIGNMENT",
                        help="only copy utils/ and data next to this instructor notebook (to run it)")
    args = parser.parse_args(argv)
    if args.stage:
        stage_support_files(by_name(args.stage))
        return
    if args.check:
        sys.exit(0 if check() else 1)
    shutil.rmtree(REPO / "release", ignore_errors=True)
    generate(REPO / "release")
    print("release/ regenerated for:", ", ".join(a.name for a in assignments()))


if __name__ == "__main__":
    main()
