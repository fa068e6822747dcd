"""In a real browser: every release notebook, solved, runs in JupyterLab; the class report and a feedback page render.

Run with `make browser-test` (not part of `make test`). Screenshots go to browser-screenshots/.
"""
import re
import time
from urllib.parse import quote

import pytest

from browserkit import released_assignments, runs_self_check

ASSIGNMENTS = released_assignments()
RUN_TIMEOUT = 600  # seconds for "Run All" of one notebook (training loops take up to a minute)

NOTEBOOK_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path || !panel.content) return false;
  const session = panel.sessionContext && panel.sessionContext.session;
  const kernel = session && session.kernel;
  return !!kernel && kernel.status === 'idle' && panel.content.widgets.length > 0 && panel.context.isReady;
}"""

RUN_ALL = """() => {
  window.__runAll = 'running';
  window.jupyterapp.commands.execute('notebook:run-all-cells')
    .then(() => { window.__runAll = 'done'; }, (e) => { window.__runAll = 'failed: ' + e; });
  return true;
}"""

PROGRESS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code'
                                                 && c.model.sharedModel.getSource().trim() !== '');
  const waiting = c => !!(c.promptNode && c.promptNode.textContent.includes('*'));  // [*]: queued or running
  const done = cells.filter(c => c.model.executionCount !== null && !waiting(c)).length;
  return {done: done, total: cells.length, pending: cells.filter(waiting).length,
          kernel: kernel ? kernel.status : 'none', runAll: window.__runAll};
}"""

OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  return panel.content.widgets.filter(c => c.model.type === 'code').map((c, i) => {
    const nbgrader = c.model.getMetadata('nbgrader') || {};
    const outputs = c.model.outputs.toJSON();
    return {
      cell: nbgrader.grade_id || ('code cell ' + (i + 1)),
      source: c.model.sharedModel.getSource(),
      errors: outputs.filter(o => o.output_type === 'error').map(o => o.ename + ': ' + o.evalue),
      images: outputs.filter(o => o.data && o.data['image/png']).length,
      text: outputs.map(o => o.text ? (Array.isArray(o.text) ? o.text.join('') : o.text) : '').join(''),
    };
  });
}"""

RENDERED_IMAGES = """() => Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-OutputArea-output img'))
  .map(img => ({complete: img.complete, width: img.naturalWidth, height: img.naturalHeight}))"""

SCROLLER = ".jp-NotebookPanel .jp-WindowedPanel-outer"


def run_all_and_wait(page, path):
    """Runs every cell; returns once Run All has ended and the kernel is idle with no cell queued or running.

    Not "once every cell has run": after an error JupyterLab stops the queue, and the cells below never run.
    """
    page.wait_for_function(NOTEBOOK_READY, arg=path, timeout=180_000, polling=500)
    page.evaluate(RUN_ALL)
    deadline, stable, last = time.time() + RUN_TIMEOUT, 0, None
    while time.time() < deadline:
        last = page.evaluate(PROGRESS)
        finished = last["runAll"] != "running" and last["kernel"] == "idle" and last["pending"] == 0
        stable = stable + 1 if finished else 0
        if stable >= 3:  # idle three polls in a row: nothing is queued any more
            return last
        time.sleep(1)
    raise AssertionError(f"{path}: Run All did not finish within {RUN_TIMEOUT} s: {last}")


def scroll_to(page, selector_js):
    page.evaluate(f"() => {{ const el = {selector_js}; if (el) el.scrollIntoView({{block: 'start'}}); }}")
    page.wait_for_timeout(500)


def full_screenshot(page, path):
    """The whole notebook in one image: a viewport as tall as the notebook, then back."""
    top = f"() => {{ const s = document.querySelector('{SCROLLER}'); if (s) s.scrollTop = 0; }}"
    page.evaluate(top)
    height = page.evaluate(f"() => document.querySelector('{SCROLLER}')?.scrollHeight || 1000")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 200, 16000)})
    page.wait_for_timeout(1500)
    page.evaluate(top)
    page.wait_for_timeout(500)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.wait_for_timeout(500)


@pytest.mark.parametrize("assignment", ASSIGNMENTS, ids=[a.name for a in ASSIGNMENTS])
def test_release_notebook_runs_in_jupyterlab(jupyter, browser, screenshots, assignment):
    path = f"{assignment.name}/{assignment.notebook}"
    page = browser.new_page()
    js_errors = []
    page.on("pageerror", lambda error: js_errors.append(str(error)))
    try:
        # a workspace of its own: JupyterLab restores no other notebook (and starts no other kernel)
        page.goto(f"{jupyter.base}/lab/workspaces/bt-{assignment.name}/tree/{quote(path)}?reset"
                  f"&token={jupyter.token}", wait_until="domcontentloaded")
        started = time.time()
        progress = run_all_and_wait(page, path)
        seconds = time.time() - started
        print(f"\n{assignment.notebook}: Run All took {seconds:.0f} s ({progress['total']} code cells)")

        cells = page.evaluate(OUTPUTS)
        errors = [(c["cell"], e) for c in cells for e in c["errors"]]
        assert not errors, f"error output in {assignment.notebook}: {errors}"
        assert progress["done"] == progress["total"], f"cells left unrun after Run All ended: {progress}"
        expected_images = sum(c["images"] for c in cells)
        assert expected_images >= 1, "the notebook draws plots: none came out"
        rendered = page.evaluate(RENDERED_IMAGES)
        assert len(rendered) == expected_images, "every plot is shown in the page"
        assert all(i["complete"] and i["width"] > 100 and i["height"] > 100 for i in rendered), rendered
        check = [c for c in cells if runs_self_check(c["source"])][-1]
        assert "All public tests pass" in check["text"], check["text"]
        assert "PASS" in check["text"] and "FAIL" not in check["text"] and "TODO" not in check["text"]

        prefix = screenshots / f"notebook-{assignment.name}"
        full_screenshot(page, f"{prefix}-0-full.png")
        page.evaluate(f"() => {{ const s = document.querySelector('{SCROLLER}'); if (s) s.scrollTop = 0; }}")
        page.wait_for_timeout(500)
        page.screenshot(path=f"{prefix}-1-top.png")
        scroll_to(page, "document.querySelector('.jp-NotebookPanel .jp-OutputArea-output img')"
                        "?.closest('.jp-Cell')")
        page.screenshot(path=f"{prefix}-2-first-plot.png")
        scroll_to(page, "Array.from(document.querySelectorAll('.jp-NotebookPanel .jp-Cell')).pop()")
        page.screenshot(path=f"{prefix}-3-self-check.png")
        assert not js_errors, f"JavaScript errors in JupyterLab: {js_errors[:3]}"
    finally:
        page.close()
        jupyter.shutdown_kernels()


def test_class_report_renders_offline(browser, graded_course, screenshots):
    root, index = graded_course
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        for target, name in ((index, "report-index"),
                             (index.parent / f"{ASSIGNMENTS[0].name}.html", f"report-{ASSIGNMENTS[0].name}")):
            requests.clear()
            page.goto(target.as_uri(), wait_until="load")
            images = page.evaluate("() => Array.from(document.images).map(i => [i.complete, i.naturalWidth])")
            assert images and all(done and width > 100 for done, width in images), images
            assert page.locator("table").count() >= 2
            outside = [u for u in requests if not u.startswith(("file://", "data:"))]
            assert not outside, f"the report fetched {outside}"
            page.screenshot(path=str(screenshots / f"{name}.png"), full_page=True)
        assert page.locator("h2", has_text="Most frequent diagnosed mistakes").count() == 1
    finally:
        page.close()


def test_class_report_fits_a_1280px_page(browser, graded_course):
    """Every page of the class report, students table included, needs no sideways scrolling at 1280 px."""
    root, index = graded_course
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    try:
        for target in [index] + [index.parent / f"{a.name}.html" for a in ASSIGNMENTS]:
            page.goto(target.as_uri(), wait_until="load")
            width = page.evaluate("() => document.documentElement.scrollWidth")
            assert width <= 1280, f"{target.name} is {width} px wide"
    finally:
        page.close()


def test_feedback_page_shows_the_summary_and_no_hidden_tests(browser, graded_course, screenshots):
    root, _ = graded_course
    assignment = ASSIGNMENTS[0]
    page_path = root / "feedback" / "demo_one_wrong" / assignment.name / assignment.notebook.replace(".ipynb",
                                                                                                      ".html")
    page = browser.new_page()
    try:
        page.goto(page_path.as_uri(), wait_until="load")
        summary = page.locator("#feedback-summary")
        assert summary.is_visible()
        rows = page.locator("#feedback-summary tr[data-function]")
        assert rows.count() >= 2
        text = page.inner_text("body")
        assert "BEGIN HIDDEN TESTS" not in text and "Traceback (most recent call last)" not in text
        assert re.search(r"Your results: \d+(\.\d+)? / \d+(\.\d+)? points", summary.inner_text())
        if assignment.demo_mistake:
            row = page.locator(f'#feedback-summary tr[data-function="{assignment.demo_mistake[0]}"]')
            assert "failed" in row.inner_text()
        page.screenshot(path=str(screenshots / f"feedback-{assignment.name}-demo_one_wrong.png"))
    finally:
        page.close()


class _PageAfterAnError:
    """Stands in for a Playwright page whose Run All stopped at an error: three of seven cells ran."""

    def __init__(self):
        self.polls = 0

    def wait_for_function(self, *args, **kwargs):
        pass

    def evaluate(self, script, *args):
        if script == RUN_ALL:
            return True
        self.polls += 1
        running = self.polls < 3
        return {"done": 3, "total": 7, "pending": 4 if running else 0, "kernel": "busy" if running else "idle",
                "runAll": "running" if running else "done"}


def test_run_all_stops_waiting_when_an_error_stops_the_queue(monkeypatch):
    """No browser needed: after an error the wait ends at once, so the test reports the error, not a timeout."""
    import test_in_browser as module
    monkeypatch.setattr(module, "RUN_TIMEOUT", 5)
    monkeypatch.setattr(module.time, "sleep", lambda seconds: None)
    page = _PageAfterAnError()
    progress = run_all_and_wait(page, "x.ipynb")
    assert progress["done"] == 3 and progress["pending"] == 0 and page.polls == 5
