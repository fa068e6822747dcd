"""Student processes forked from the pre-warmed template (issue 17): each one's state is its own.

One student's process leaves every trace it can (files in every folder it may write, environment, patched
modules, SysV shared memory, an abstract socket, a pty, a process left running); another student's process,
forked from the same template while the first still runs, and a third after it ended, find none of it. The
same search in the planting process itself finds every trace, so the search can fail.
"""
import os
import secrets

import pytest

from instructor.grading import sandbox, warm_start
from instructor.grading.settings import Settings
from instructor.grading.student_process import StudentProcess

needs_bwrap = pytest.mark.skipif(not sandbox.bwrap_path(), reason="needs bubblewrap")

TRACES = '''
import builtins, ctypes, os, socket, sys, time
import numpy as np

libc = ctypes.CDLL(None, use_errno=True)
SKIP = ("/proc", "/sys", "/dev/pts")

def writable_folders():
    found = []
    for folder, dirs, _ in os.walk("/"):
        dirs[:] = [d for d in dirs if os.path.join(folder, d) not in SKIP]
        if os.access(folder, os.W_OK):
            found.append(folder)
    return found

def plant(token, key):
    planted = []
    for folder in writable_folders():
        try:
            with open(os.path.join(folder, token), "w") as f:
                f.write(token)
            planted.append(folder)
        except OSError:
            pass
    os.environ["TRACE"] = token
    np.TRACE = token
    np.dot = lambda *a, **k: token
    builtins.TRACE = token
    sys.modules["trace_module"] = type(sys)("trace_module")
    assert libc.shmget(key, 4096, 0o1666) >= 0  # IPC_CREAT | 0666
    server = socket.socket(socket.AF_UNIX)
    server.bind("\\0" + token)
    server.listen()
    globals()["kept"] = [server, os.openpty()]
    if os.fork() == 0:  # left running
        time.sleep(120)
        os._exit(0)
    return planted

def traces(token, key, folders):
    found = [f for f in set(folders) | set(writable_folders()) if os.path.exists(os.path.join(f, token))]
    found += ["environment"] if os.environ.get("TRACE") == token else []
    found += ["numpy attribute"] if getattr(np, "TRACE", None) == token else []
    found += ["numpy.dot"] if not isinstance(np.dot(np.ones(2), np.ones(2)), np.floating) else []
    found += ["builtins"] if getattr(builtins, "TRACE", None) == token else []
    found += ["sys.modules"] if "trace_module" in sys.modules else []
    found += ["shared memory"] if libc.shmget(key, 0, 0) >= 0 else []
    try:
        socket.socket(socket.AF_UNIX).connect("\\0" + token)
        found.append("abstract socket")
    except OSError:
        pass
    found += ["pty"] if [p for p in os.listdir("/dev/pts") if p != "ptmx"] else []
    found += ["processes in /proc"] if [p for p in os.listdir("/proc") if p.isdigit()] else []
    return sorted(found)

def who():
    return [os.getuid(), os.geteuid(), os.getpid()]

def cores():
    return sorted(os.sched_getaffinity(0))
'''


def _student(support, settings):
    return StudentProcess(str(support), [{"id": "answer", "source": TRACES}], settings)


@pytest.fixture
def support(tmp_path):
    folder = tmp_path / "support" / "utils"
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text("")
    return folder.parent


@needs_bwrap
def test_one_students_process_never_sees_anothers_state(support):
    settings = Settings()
    token, key = "trace" + secrets.token_hex(8), secrets.randbelow(1 << 30) + 1
    first, second, third = (_student(support, settings) for _ in range(3))
    try:
        planted = first.call("plant", [token, key], {})[0]
        assert "/workspace" in planted and "/tmp" in planted
        # the search finds every trace where they are
        assert first.call("traces", [token, key, planted], {})[0] == sorted(
            set(planted) | {"environment", "numpy attribute", "numpy.dot", "builtins", "sys.modules",
                            "shared memory", "abstract socket", "pty"})
        assert isinstance(first.proc, warm_start.WarmProcess), "forked from the template"
        # forked from the same template while the first still runs
        assert second.call("traces", [token, key, planted], {})[0] == []
        assert isinstance(second.proc, warm_start.WarmProcess)
        first.close()
        # and after it ended
        assert third.call("traces", [token, key, planted], {})[0] == []
        assert third.call("who", [], {})[0][:2] != [0, 0]
    finally:
        for student in (first, second, third):
            student.close()


@needs_bwrap
def test_a_student_process_runs_on_the_cores_of_the_worker_that_started_it(support):
    """The template may use every core (its imports run beside the worker's); each child keeps to the cores of
    the worker that asked for it, so that a call and its answer hand over on one core."""
    settings, everywhere = Settings(), os.sched_getaffinity(0)
    warm_start.prepare(settings)  # the template starts while this process may use every core
    one_core = {min(everywhere)}
    os.sched_setaffinity(0, one_core)
    try:
        student = _student(support, settings)
        try:
            assert student.call("cores", [], {})[0] == sorted(one_core)
            assert isinstance(student.proc, warm_start.WarmProcess)
        finally:
            student.close()
    finally:
        os.sched_setaffinity(0, everywhere)


def _status(pid):
    with open(f"/proc/{pid}/status") as status:
        return dict(line.split(":", 1) for line in status if ":" in line)


@pytest.mark.skipif(not (sandbox.bwrap_path() and sandbox.cgroups_usable()),
                    reason="needs bubblewrap and cgroups (a grader running as root, as in CI)")
def test_no_process_of_a_warm_sandbox_keeps_a_capability_or_runs_as_root(support):
    settings = Settings()
    student = _student(support, settings)
    try:
        assert student.call("who", [], {})[0][2] == 2  # the server, under its namespace's init
        template = warm_start.template_for(settings)
        # in the template's cgroup: bwrap, bwrap's init (PID 1 of its namespace), and the template (PID 2)
        (template_pid,) = [pid for pid in template.cgroup.members() if _status(pid)["NSpid"].split()[1:] == ["2"]]
        processes = [template_pid] + student.cgroup.members()
        assert len(processes) >= 4  # the template, the keeper, the namespace's init, the server
        for pid in processes:
            status = _status(pid)
            assert [int(status[k], 16) for k in ("CapPrm", "CapEff", "CapAmb")] == [0, 0, 0], (pid, status)
            assert "0" not in status["Uid"].split(), (pid, status["Uid"])
    finally:
        student.close()


@needs_bwrap
def test_a_template_that_cannot_fork_gives_way_to_processes_started_from_scratch(support, monkeypatch):
    def broken(self, support, cgroup):
        raise warm_start.TemplateUnavailable("user namespaces are disabled")

    monkeypatch.setattr(warm_start.Template, "spawn", broken)
    monkeypatch.setattr(warm_start, "_unavailable", {})
    student = _student(support, Settings())
    try:
        assert student.call("who", [], {})[0][:2] != [0, 0]
        assert not isinstance(student.proc, warm_start.WarmProcess)
        assert "user namespaces are disabled" in warm_start._unavailable[warm_start._mode(Settings())]
    finally:
        student.close()
