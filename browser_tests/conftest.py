"""Fixtures for the browser test: JupyterLab on loopback, headless Chromium, a graded scratch course."""
import shutil
import sys
import warnings
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
warnings.filterwarnings("ignore", category=DeprecationWarning)

import matplotlib  # noqa: E402

matplotlib.use("Agg")  # this process only draws the report's plots

import nbformat  # noqa: E402

from browserkit import (CHROMIUM, CHROMIUM_ARGS, REPO, SCREENSHOTS, SELF_CHECK_CELL, JupyterLab,  # noqa: E402
                        end_leftovers, released_assignments, runs_self_check)
from instructor import demo_class, export, feedback, grade, release, report  # noqa: E402
from instructor.grading.trusted_run import copy_support_files  # noqa: E402


@pytest.fixture(scope="session")
def scratch(tmp_path_factory):
    return tmp_path_factory.mktemp("browser")


@pytest.fixture(scope="session")
def screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir()
    return SCREENSHOTS


@pytest.fixture(scope="session")
def notebooks_root(scratch):
    """notebooks/<assignment>/: the release folder exactly as students get it (its own utils/ and data), with the
    solutions filled in, ending with a cell that runs the students' self-check (added only when the release
    notebook has none)."""
    root = scratch / "notebooks"
    for a in released_assignments():
        folder = root / a.name
        copy_support_files(REPO / "release" / a.name, folder)
        nb = demo_class.solved_notebook(a)
        if not any(c.cell_type == "code" and runs_self_check(c.source) for c in nb.cells):
            nb.cells.append(nbformat.v4.new_code_cell(SELF_CHECK_CELL))
        nbformat.write(nb, folder / a.notebook)
    return root


@pytest.fixture(scope="session")
def jupyter(scratch, notebooks_root):
    lab = JupyterLab(scratch, notebooks_root)
    yield lab
    lab.stop()


@pytest.fixture(scope="session")
def browser(scratch):
    """A headless Chromium (the Debian package) driven by Playwright; only loopback (the JupyterLabs started
    here) and local files load."""
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-test`, which installs the chromium package")
    blocked = []

    def only_local(route):
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(scratch / "chromium-profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        context.set_default_timeout(120_000)
        context.route("**/*", only_local)
        context.blocked = blocked
        try:
            yield context
        finally:
            context.close()
            if blocked:  # what the pages tried to fetch from outside this machine (refused)
                (SCREENSHOTS / "blocked-requests.txt").write_text("\n".join(sorted(set(blocked))) + "\n")


@pytest.fixture(scope="session", autouse=True)
def cleanup(scratch):
    """After everything: no JupyterLab, kernel or Chromium of this session may still be running."""
    yield
    left = end_leftovers(scratch)
    assert not left, f"processes still running after the browser test (ended now): {left}"


@pytest.fixture(scope="session")
def graded_course(scratch):
    """The demo class graded in a scratch course, with its class report and feedback written."""
    root = scratch / "course"
    chosen = released_assignments()
    for a in chosen:
        release.stage_support_files(a)
        shutil.copytree(REPO / "source" / a.name, root / "source" / a.name)
        shutil.copytree(REPO / "release" / a.name, root / "release" / a.name)
    db_url = f"sqlite:///{root / 'gradebook.db'}"
    release.generate(scratch / "release_scratch", root=root, db_url=db_url)
    demo_class.write_demo_class(root)
    results = grade.autograde(root=root, db_url=db_url)
    assert all((r["status"] == "graded") == (r["student"] != demo_class.BROKEN) for r in results)
    assert export.export(root=root, db_url=db_url)
    index = report.write_report(root=root, db_url=db_url)
    assert feedback.generate_feedback(root=root, db_url=db_url)
    return root, index
