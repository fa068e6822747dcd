"""Every grading limit lives in one Settings object (issue 15): read once from the environment, checked with
a one-line error, carried to the workers and the sandbox, and documented by the README's table."""
import os
import pickle
import re
import subprocess
import sys
from dataclasses import fields

import pytest

from instructor.course import REPO
from instructor.grading import sandbox
from instructor.grading.jobs import CourseFiles, new_job
from instructor.grading.settings import SettingError, Settings, table
from instructor.grading.student_process import StudentProcess

README_TABLE = re.compile(r"<!-- settings table: .*? -->\n(.*?)\n<!-- end of settings table -->", re.DOTALL)


def test_the_readme_table_is_the_settings_table():
    found = README_TABLE.search((REPO / "README.md").read_text())
    assert found, "README.md has no settings table between its markers"
    assert found.group(1).strip() == table(), (
        "README.md's settings table differs from instructor/grading/settings.py: paste "
        "`python -c 'from instructor.grading.settings import table; print(table())'` between the markers")


def test_every_grader_variable_the_code_names_is_a_setting_and_only_settings_py_reads_one():
    variables = {f.metadata["variable"] for f in fields(Settings)}
    named, readers = set(), []
    for path in sorted((REPO / "instructor").rglob("*.py")):
        text = path.read_text()
        named |= set(re.findall(r"\bGRADER_[A-Z_]+\b", text))
        if path.name != "settings.py" and re.search(r"environ(\.get)?[\[(]\s*[\"'](GRADER_|WORKERS|DASK_)", text):
            readers.append(str(path.relative_to(REPO)))
    assert named - variables == set(), "GRADER_ variables the code names that are no setting"
    assert readers == [], "a setting is read from the environment outside settings.py"


@pytest.mark.parametrize("variable, value", [("GRADER_MEMORY_MB", "abc"), ("GRADER_CALL_TIMEOUT", "-1"),
                                             ("WORKERS", "2.5"), ("GRADER_ALLOW_UNSANDBOXED", "yes"),
                                             ("GRADER_JOB_TIMEOUT", "nan")])
def test_a_bad_value_is_one_line_naming_the_setting(variable, value):
    with pytest.raises(SettingError) as error:
        Settings.from_environment({variable: value})
    message = str(error.value)
    assert variable in message and "\n" not in message and "default" in message


def test_unset_and_empty_variables_keep_the_defaults_and_set_ones_are_read():
    assert Settings.from_environment({}) == Settings()
    assert Settings.from_environment({"GRADER_DISK_MB": ""}) == Settings()
    read = Settings.from_environment({"GRADER_MEMORY_MB": "1024", "WORKERS": "3", "GRADER_CALL_TIMEOUT": "2.5",
                                      "GRADER_ALLOW_UNSANDBOXED": "1", "DASK_SCHEDULER": "tcp://h:1"})
    assert (read.memory_bytes, read.pool_size, read.call_timeout) == (1024 << 20, 3, 2.5)
    assert read.allow_unsandboxed and read.dask_scheduler == "tcp://h:1"


def test_make_autograde_stops_on_a_bad_setting_with_one_line_and_no_traceback(tmp_path):
    env = dict(os.environ, GRADER_MEMORY_MB="abc", NBGRADER_COURSE_ROOT=str(tmp_path), PYTHONWARNINGS="ignore")
    run = subprocess.run([sys.executable, "-m", "instructor.grade"], cwd=REPO, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode != 0
    assert run.stderr.strip().splitlines() == ["error: GRADER_MEMORY_MB='abc' is not a whole number "
                                               "(the default is 3072)"]


def test_a_job_carries_its_settings_through_pickling():
    course = CourseFiles("a", "A.ipynb", source="", release="", support={}, max_scores={"t": 1.0})
    job = new_job(course, "alice", Settings(call_timeout=7.0), submission={"A.ipynb": "{}"})
    assert pickle.loads(pickle.dumps(job)) == job


def test_the_student_server_gets_its_cell_limit_from_the_grader_not_the_environment(tmp_path):
    assert not any(key.startswith(("GRADER_", "WORKERS")) for key in sandbox._environment()), "no setting travels in the environment"
    cells = [{"id": "slow", "source": "import time\ntime.sleep(5)"},
             {"id": "answer", "source": "def f():\n    return 1"}]
    student = StudentProcess(str(tmp_path), cells, Settings(cell_timeout=1.0, allow_unsandboxed=True))
    try:
        assert student.call("f", [], {})[0] == 1
        assert [e["cell"] for e in student.setup_errors] == ["slow"]
        assert "ran longer than 1 s" in student.setup_errors[0]["error"]
    finally:
        student.close()
