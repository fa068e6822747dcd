"""The ground the sandbox stands on (issue 13): the grader never touches a path the student can replace,
student code runs as nobody, nothing blocks the grader past a call's deadline, nothing of the grader's
environment is visible inside, and the limits hold for the sandbox as a whole."""
import os
import secrets
import subprocess
import threading
import time

import pytest

from instructor.grading import sandbox
from instructor.grading.settings import Settings
from instructor.grading.student_process import StudentFault, StudentProcess

CALL_TIMEOUT = 3
# Generous: only proves that the grader did not hang (a hang would last until the 900 s job limit).
ENDS_WITHIN = CALL_TIMEOUT + 20

as_root_in_bwrap = pytest.mark.skipif(not (sandbox.bwrap_path() and os.geteuid() == 0),
                                      reason="needs bubblewrap and a grader running as root (as in CI)")
with_cgroups = pytest.mark.skipif(not (sandbox.bwrap_path() and os.geteuid() == 0 and all(
    os.access(f"/sys/fs/cgroup/{controller}/cgroup.procs", os.W_OK) for controller in ("pids", "memory"))),
                                  reason="needs bubblewrap and writable cgroup v1 pids and memory controllers")


@pytest.fixture(autouse=True, params=["warm", "cold"])
def start(request, monkeypatch):
    """Every test runs twice: student processes forked from the template, and started from scratch."""
    monkeypatch.setenv("GRADER_WARM_START", "1" if request.param == "warm" else "0")
    return request.param


@pytest.fixture
def support(tmp_path):
    """A grader-made support folder, as trusted_run.py writes it: the release's utils/."""
    folder = tmp_path / "support"
    (folder / "utils").mkdir(parents=True)
    (folder / "utils" / "__init__.py").write_text("")
    (folder / "utils" / "helper.py").write_text("def twice(x):\n    return 2 * x\n")
    return folder


@pytest.fixture
def short_calls(monkeypatch):
    monkeypatch.setenv("GRADER_CALL_TIMEOUT", str(CALL_TIMEOUT))


def started(support, source):
    """A student process under the settings the environment gives (read as the grading parent reads them)."""
    return StudentProcess(str(support), [{"id": "answer", "source": source}], Settings.from_environment())


def ends_in_time(action):
    """Runs `action` in a thread; returns what it returned or raised, failing if it is still running after
    ENDS_WITHIN seconds (the thread is left behind: that is the hang the test is about)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = action()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            outcome["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(ENDS_WITHIN)
    assert not thread.is_alive(), f"the grader was still blocked after {ENDS_WITHIN} s"
    return outcome


def files_under(folder):
    return sorted((str(p.relative_to(folder)), p.read_bytes() if p.is_file() else b"") for p in folder.rglob("*"))


# ---- 1. the trusted side never follows a path the student can write ---------------------------------------

PLANTING = '''
import os, signal

def plant_link(target):
    os.symlink(target, "link")
    os.replace("link", "cells.json")
    return 1

def plant_fifo():
    if os.path.lexists("cells.json"):
        os.remove("cells.json")
    os.mkfifo("cells.json")
    return 1

def die():
    os.kill(os.getpid(), signal.SIGKILL)

def leftover():
    return [name for name in ("cells.json", "link") if os.path.lexists(name)]
'''


def test_a_link_planted_where_the_cells_were_is_never_written_through(support, tmp_path, short_calls):
    target = tmp_path / "gradebook.db"
    target.write_text("the gradebook")
    student = started(support, PLANTING)
    try:
        assert student.call("plant_link", [str(target)], {})[0] == 1
        with pytest.raises(StudentFault):
            student.call("die", [], {})
        outcome = ends_in_time(lambda: student.call("leftover", [], {})[0])
        assert outcome.get("value") == [], outcome  # a fresh workspace: nothing survives a restart
        assert target.read_text() == "the gradebook"
    finally:
        student.close()


def test_a_fifo_planted_where_the_cells_were_does_not_block_the_restart(support, short_calls):
    student = started(support, PLANTING)
    try:
        assert student.call("plant_fifo", [], {})[0] == 1
        with pytest.raises(StudentFault):
            student.call("die", [], {})
        outcome = ends_in_time(lambda: student.call("leftover", [], {})[0])
        assert outcome.get("value") == [], outcome
    finally:
        student.close()


# ---- 2. student code runs as nobody, and writes only its workspace and /tmp ---------------------------------

PROBING = '''
import os, sys

def who():
    return [os.getuid(), os.geteuid(), os.getgid(), os.getegid(), len(os.getgroups())]

def capabilities():
    try:
        fields = dict(line.split(":", 1) for line in open("/proc/self/status") if ":" in line)
        return [fields[key].strip() for key in ("CapPrm", "CapEff", "CapAmb")]
    except FileNotFoundError:  # forked from the template, the process sees no /proc: ask the kernel itself
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        header, data = (ctypes.c_uint32 * 2)(0x20080522, 0), (ctypes.c_uint32 * 6)()
        assert libc.capget(header, data) == 0
        ambient = sum(1 << c for c in range(64) if libc.prctl(47, 1, c, 0, 0) == 1)  # PR_CAP_AMBIENT_IS_SET
        return [f"{data[1] | data[4] << 32:016x}", f"{data[0] | data[3] << 32:016x}", f"{ambient:016x}"]

def writable(paths):
    done = []
    for path in paths:
        try:
            with open(path, "w") as f:
                f.write("x")
            done.append(path)
        except OSError:
            pass
    return done

def python_root():
    return sys.prefix

def helper_twice(x):
    from utils.helper import twice
    return twice(x)
'''


@as_root_in_bwrap
def test_student_code_runs_unprivileged_and_writes_only_its_workspace_and_tmp(support):
    for path in [support, *support.rglob("*")]:  # as if written under a private umask
        path.chmod(0o700 if path.is_dir() else 0o600)
    before = files_under(support)
    student = started(support, PROBING)
    try:
        assert student.call("helper_twice", [21], {})[0] == 42  # the support files are there, readable
        uid, euid, gid, egid, groups = student.call("who", [], {})[0]
        assert uid != 0 and euid != 0 and gid != 0 and egid != 0 and groups == 0
        assert student.call("capabilities", [], {})[0] == ["0000000000000000"] * 3
        prefix = student.call("python_root", [], {})[0]
        tried = ["/workspace/mine.txt", "/tmp/mine.txt", "/workspace/utils/helper.py", "/workspace/utils/new.py",
                 "/grader/wire.py", "/grader/new.py", "/usr/new.txt", "/etc/new.txt", "/new.txt", "/root/new.txt",
                 f"{prefix}/new.txt", "/proc/sys/kernel/hostname", "/dev/shm/new.txt", "/dev/new.txt"]
        assert student.call("writable", [tried], {})[0] == ["/workspace/mine.txt", "/tmp/mine.txt"]
    finally:
        student.close()
    assert files_under(support) == before


INTERPRETER = '''
import os, sys

def interpreter():
    return {"no_user_site": sys.flags.no_user_site, "safe_path": sys.flags.safe_path,
            "environment": dict(os.environ), "pymalloc_blocks": sys.getallocatedblocks(), "path": sys.path}
'''


def test_the_student_interpreter_is_isolated_and_reads_only_the_environment_the_grader_wrote(support, monkeypatch):
    """-s -P instead of -I, so that PYTHONMALLOC reaches the interpreter: still no user site and no script
    folder on sys.path, and the environment holds exactly the grader's variables, nothing of the host's."""
    if not sandbox.bwrap_path():
        pytest.skip("needs bubblewrap")
    monkeypatch.setenv("PYTHONPATH", "/host/path")
    monkeypatch.setenv("PYTHONSTARTUP", "/host/startup.py")
    student = started(support, INTERPRETER)
    try:
        found = student.call("interpreter", [], {})[0]
    finally:
        student.close()
    assert found["no_user_site"] == 1 and found["safe_path"] is True
    ours = sandbox._environment()
    assert {key: found["environment"].get(key) for key in ours} == ours
    # the only others are set inside: by bubblewrap, by Python's locale coercion, by scikit-learn if imported
    assert set(found["environment"]) - set(ours) <= {"PWD", "LC_CTYPE", "KMP_DUPLICATE_LIB_OK", "KMP_INIT_AT_FORK"}
    assert "/host/path" not in found["path"]
    assert found["pymalloc_blocks"] == 0  # PYTHONMALLOC=malloc was read: objects live in malloc's heap


# ---- 3. nothing blocks the grader past the call's deadline --------------------------------------------------

NEVER_READING = '''
import gc, time
import numpy as np
import wire

def flood():
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    request = {"op": "callback", "name": "echo", "args": wire.encode([np.zeros(100_000)]), "kwargs": wire.encode({})}
    for _ in range(50):  # megabyte replies pile up unread
        server.send(request)
    time.sleep(1000)
'''

CLOSING_ITS_CHANNEL = '''
import gc, os, time

def close_and_sleep():
    server = next(o for o in gc.get_objects() if type(o).__name__ == "Server")
    os.close(server.replies.fileno())
    time.sleep(1000)
'''

HUGE_CALLBACK = '''
import numpy as np

def huge():
    return int(echo(np.zeros(1_500_000, dtype=np.uint8)).size)
'''


def test_a_student_who_never_reads_the_callback_replies_cannot_block_the_grader(support, short_calls):
    student = started(support, NEVER_READING)
    try:
        outcome = ends_in_time(lambda: student.call("flood", [], {}, overrides={"echo": lambda x: x}))
        assert isinstance(outcome.get("error"), StudentFault), outcome
        assert "timed out after 3 s" in str(outcome["error"])
    finally:
        student.close()


@pytest.mark.parametrize("sandboxed", [True, False], ids=["sandboxed", "unsandboxed"])
def test_a_process_that_closes_its_reply_channel_and_lives_on_cannot_block_the_grader(
        support, short_calls, monkeypatch, sandboxed):
    if sandboxed and not sandbox.bwrap_path():
        pytest.skip("needs bubblewrap")
    if not sandboxed:
        monkeypatch.setattr(sandbox, "bwrap_path", lambda: None)
        monkeypatch.setenv("GRADER_ALLOW_UNSANDBOXED", "1")
    student = started(support, CLOSING_ITS_CHANNEL)
    try:
        outcome = ends_in_time(lambda: student.call("close_and_sleep", [], {}))
        assert isinstance(outcome.get("error"), StudentFault), outcome
    finally:
        student.close()


def test_a_callback_on_arguments_above_the_cap_is_refused(support, short_calls):
    student = started(support, HUGE_CALLBACK)
    echoed = []
    try:
        with pytest.raises(StudentFault, match="more than 1,000,000 values"):
            student.call("huge", [], {}, overrides={"echo": lambda x: echoed.append(x) or x})
        assert echoed == []  # the trusted helper never ran on it
    finally:
        student.close()


def test_callback_arguments_under_the_cap_still_work(support, short_calls):
    student = started(support, HUGE_CALLBACK.replace("1_500_000", "900_000"))
    try:
        assert student.call("huge", [], {}, overrides={"echo": lambda x: x})[0] == 900_000
    finally:
        student.close()


# ---- 4. nothing of the grader's environment, command line or memory is visible inside ----------------------

SEARCHING = r'''
import os, re, stat, time

SECRET = re.compile(rb"S3CR3T[0-9a-f]{32}")  # the pattern itself never matches: "[" is no hex digit
FIRST = ["/workspace", "/tmp", "/grader", "/etc", "/root", "/home", "/run", "/var", "/opt", "/srv", "/mnt"]

def _scan(data, where, found):
    if SECRET.search(data):
        found.append(where)

def _read(path, limit=1 << 20):
    with open(path, "rb") as f:
        return f.read(limit)

def _memory(pid, found, budget):
    try:
        maps = open(f"/proc/{pid}/maps").read().splitlines()
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except OSError:
        return
    with mem:
        for line in maps:
            span, perms = line.split()[:2]
            start, end = (int(x, 16) for x in span.split("-"))
            if not perms.startswith("r") or line.endswith(("[vvar]", "[vsyscall]", "[vvar_vclock]")):
                continue
            for offset in range(start, min(end, start + (64 << 20)), 1 << 22):
                if time.monotonic() > budget:
                    return
                try:
                    mem.seek(offset)
                    _scan(mem.read(min(1 << 22, end - offset) + 64), f"/proc/{pid}/mem", found)
                except (OSError, OverflowError, ValueError):
                    break

def search(support_path, seconds):
    budget = time.monotonic() + seconds
    found, cmdlines = [], []
    _scan("\0".join(f"{k}={v}" for k, v in os.environ.items()).encode(), "os.environ", found)
    pids = [p for p in os.listdir("/proc") if p.isdigit()] + ["self"]
    for pid in pids:
        for name in ("environ", "cmdline"):
            try:
                data = _read(f"/proc/{pid}/{name}")
            except OSError:
                continue
            _scan(data, f"/proc/{pid}/{name}", found)
            if name == "cmdline":
                cmdlines.append(data.decode(errors="replace"))
        _memory(pid, found, budget + seconds)
    seen = 0
    tops = FIRST + sorted(set("/" + p for p in os.listdir("/")) - set(FIRST) - {"/proc", "/sys", "/dev"})
    for top in tops:
        for folder, dirs, files in os.walk(top):
            for name in files:
                path = os.path.join(folder, name)
                if time.monotonic() > budget:
                    return {"found": found, "cmdlines": cmdlines, "files": seen, "complete": False}
                try:
                    if stat.S_ISREG(os.lstat(path).st_mode) and os.path.getsize(path) <= 1 << 20:
                        _scan(_read(path), path, found)
                        seen += 1
                except OSError:
                    pass
    return {"found": found, "cmdlines": cmdlines, "files": seen, "complete": True}
'''


def test_nothing_of_the_graders_environment_is_visible_from_student_code(support, monkeypatch):
    if not sandbox.bwrap_path():
        pytest.skip("needs bubblewrap")
    secret = "S3CR3T" + secrets.token_hex(16)
    monkeypatch.setenv("GRADER_TEST_SECRET", secret)
    monkeypatch.setenv("NBGRADER_DB_URL", f"postgresql+psycopg2://grader:{secret}@db.example/gradebook")
    monkeypatch.setenv("GRADER_CALL_TIMEOUT", "120")
    student = started(support, SEARCHING)
    try:
        report = student.call("search", [str(support), 25], {})[0]
    finally:
        student.close()
    assert report["found"] == [], report["found"]
    assert report["files"] > 100  # the walk did look around
    for cmdline in report["cmdlines"]:
        assert str(support) not in cmdline and "--ro-bind" not in cmdline and secret not in cmdline, cmdline


# ---- 5. limits hold for the sandbox as a whole --------------------------------------------------------------

EXHAUSTING = '''
import os, select, time
import numpy as np

def forks(n):
    children = []
    for _ in range(n):
        try:
            pid = os.fork()
        except OSError:
            break
        if pid == 0:
            time.sleep(60)
            os._exit(0)
        children.append(pid)
    for pid in children:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return len(children)

def hold(children, megabytes):
    """How many of `children` processes each hold `megabytes` of memory at the same time.

    A child reports once its block is written, but the kernel may then kill it to make room for the next one:
    only children that reported and are still alive once every child is accounted for hold their memory."""
    read_end, write_end = os.pipe()
    pids = set()
    for _ in range(children):
        pid = os.fork()
        if pid == 0:
            try:
                block = np.ones(megabytes << 20, dtype=np.uint8)
                os.write(write_end, b"k%d\\n" % os.getpid())
            except MemoryError:
                os.write(write_end, b"m%d\\n" % os.getpid())
            time.sleep(60)
            os._exit(0)
        pids.add(pid)
    text, ended = b"", set()

    def reap():
        while ended != pids and (done := os.waitpid(-1, os.WNOHANG))[0]:
            ended.add(done[0])

    def reported():
        return {int(line[1:]): line[:1] for line in text.split()}

    until = time.monotonic() + 30
    while set(reported()) | ended != pids and time.monotonic() < until:
        if select.select([read_end], [], [], 0.1)[0]:
            text += os.read(read_end, 4096)
        reap()
    time.sleep(0.5)  # a child the kernel killed to make room for the last one has surely ended by now
    reap()
    holding = {pid for pid, tag in reported().items() if tag == b"k"} - ended
    for pid in pids - ended:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    return len(holding)

def fill(folder, megabytes):
    written, chunk = 0, b"\\1" * (1 << 20)
    try:
        for i in range(megabytes // 16):  # 16 MB files, well under the file-size limit
            with open(f"{folder}/fill{i}", "wb", buffering=0) as f:
                for _ in range(16):
                    f.write(chunk)
                    written += 1
    except OSError:
        pass
    return written

def ping():
    return 1
'''


@with_cgroups
def test_the_number_of_processes_is_limited_for_the_whole_sandbox(support, monkeypatch):
    monkeypatch.setenv("GRADER_MAX_PROCESSES", "16")
    student = started(support, EXHAUSTING)
    try:
        assert student.call("forks", [200], {})[0] < 16
    finally:
        student.close()


@with_cgroups
def test_memory_is_limited_for_the_whole_sandbox(support, monkeypatch):
    monkeypatch.setenv("GRADER_MEMORY_MB", "1024")
    student = started(support, EXHAUSTING)
    try:
        try:
            held = student.call("hold", [3, 400], {})[0]
        except StudentFault:  # the kernel took the student's server itself: that call fails, nothing else
            held = 0
        assert held < 3
        assert student.call("ping", [], {})[0] == 1  # the grader lives on, and so does the submission
    finally:
        student.close()


@with_cgroups
def test_disk_written_in_the_workspace_and_tmp_is_limited_and_stays_off_the_host(support, monkeypatch):
    monkeypatch.setenv("GRADER_DISK_MB", "32")
    before = files_under(support)
    student = started(support, EXHAUSTING)
    try:
        assert student.call("fill", ["/workspace", 96], {})[0] <= 32
        assert student.call("fill", ["/tmp", 96], {})[0] <= 32
    finally:
        student.close()
    assert files_under(support) == before


@with_cgroups
def test_each_process_gets_its_own_cgroup_removed_with_it_and_stale_ones_go(support):
    dead = subprocess.Popen(["true"])  # its process id is surely free afterwards
    dead.wait()
    stale = [sandbox.CGROUP_ROOT / c / sandbox.CGROUP_PARENT / f"{dead.pid}-stale" for c in sandbox.CGROUP_CONTROLLERS]
    for folder in stale:
        folder.mkdir(parents=True)
    student = started(support, EXHAUSTING)
    try:
        assert student.call("ping", [], {})[0] == 1
        mine = [folder / student.cgroup.name for folder in (s.parent for s in stale)]
        assert all(folder.is_dir() for folder in mine)
        assert not any(folder.exists() for folder in stale)
    finally:
        student.close()
    sandbox.wait_for_removals()  # a forked process's cgroup goes in the background, moments later
    assert not any(folder.exists() for folder in mine)


def test_describe_says_which_limits_a_run_uses(monkeypatch):
    monkeypatch.setattr(sandbox, "cgroups_usable", lambda: True)
    assert "whole sandbox (cgroups)" in sandbox.describe(Settings())
    monkeypatch.setattr(sandbox, "cgroups_usable", lambda: False)
    assert "per process only" in sandbox.describe(Settings())


def test_a_grader_that_is_not_root_falls_back_to_a_user_namespace_and_rlimits(support, monkeypatch):
    if not sandbox.bwrap_path():
        pytest.skip("needs bubblewrap")
    monkeypatch.setattr(sandbox, "runs_as_root", lambda: False)  # as for an instructor on their own machine
    assert "per process only" in sandbox.describe(Settings()) and "user namespace" in sandbox.describe(Settings())
    student = started(support, PROBING)
    try:
        assert student.call("helper_twice", [21], {})[0] == 42
        assert student.cgroup is None
    finally:
        student.close()
