"""Builds and bounds the sandbox that runs a student's code.

With bubblewrap (`bwrap`): new namespaces (no network, own PIDs, IPC, host name),
the file system reduced to the Python installation (read-only), the grader's
student-side code (read-only) and a fresh, empty workspace (a tmpfs at
/workspace, with the release's support files bound read-only into it) plus an
empty /tmp. Nothing the student writes lands on the host disk or survives a
restart of their process; source/, the gradebook, solutions, hidden tests and
other students' work are simply not there.

- When the grader runs as root, bwrap runs without a user namespace, with every
  capability dropped except CAP_SETUID/CAP_SETGID, and the student server's first
  act is to become `nobody` (65534): student code never runs as root. A grader
  that is not root keeps an unprivileged user namespace (student code runs as the
  instructor's own user id, without capabilities).
- bwrap starts with an empty environment and reads its options from a pipe
  (`--args FD`): nothing of the grader's environment or command line is visible
  inside (/proc/1 is bwrap's own process).
- Limits for the sandbox as a whole, when the grader may write cgroup v1 `pids`
  and `memory` controllers (root): one cgroup per student process, removed with it
  (and left-overs of a killed run removed by the next), bounding its number of
  processes and its total memory; the tmpfs pages of /workspace and /tmp count as
  its memory too. Otherwise (a non-root instructor) the per-process rlimits below
  are all there is; describe() says which applies.

Its limits come from the run's settings (settings.py: GRADER_MEMORY_MB, GRADER_MAX_PROCESSES, whose count
includes bwrap's own two processes, GRADER_DISK_MB, GRADER_CPU_SECONDS), passed in by the student process.

Without bubblewrap the grader refuses to run student code, unless the
instructor sets GRADER_ALLOW_UNSANDBOXED=1 (say, on a laptop with trusted
submissions): then it runs with resource limits only and says so loudly.
"""
import os
import queue
import resource
import shutil
import signal
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path, PurePosixPath

SERVER_DIR = Path(__file__).resolve().parent / "inside_sandbox"
INSIDE_WORKSPACE = "/workspace"
INSIDE_SERVER = "/grader"
SANDBOX_USER = 65534  # nobody / nogroup: who student code runs as when the grader is root

FILE_BYTES = 64 * 1024 * 1024  # the largest file the student's code may write
CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_CONTROLLERS = ("pids", "memory")
CGROUP_PARENT = "course-grader"


class SandboxUnavailable(RuntimeError):
    pass


def bwrap_path():
    return shutil.which("bwrap")


def runs_as_root():
    return os.geteuid() == 0


def cgroups_usable():
    """True when limits can hold for the sandbox as a whole (cgroup v1 pids and memory, writable)."""
    return runs_as_root() and all(os.access(CGROUP_ROOT / c, os.W_OK) and (CGROUP_ROOT / c / "cgroup.procs").exists()
                                  for c in CGROUP_CONTROLLERS)


def describe(settings):
    """One line for the grading log: how student code will be run and what bounds it."""
    mb = settings.memory_mb
    if cgroups_usable():
        limits = (f"limits for the whole sandbox (cgroups): {settings.max_processes} processes, {mb} MB of memory, "
                  f"{settings.disk_mb} MB each in /workspace and /tmp")
    else:
        limits = (f"limits per process only (rlimits; cgroups need root): {mb} MB of memory each, "
                  f"{settings.disk_mb} MB each in /workspace and /tmp")
    if bwrap_path():
        who = "as user nobody" if runs_as_root() else "in a user namespace as the instructor's user"
        return f"student code runs in a bubblewrap sandbox {who} (no network, read-only system, fresh workspace); " \
               + limits
    if settings.allow_unsandboxed:
        return ("WARNING: bubblewrap is not installed: student code runs WITHOUT a sandbox "
                "(GRADER_ALLOW_UNSANDBOXED=1), with resource limits only; " + limits)
    return "no sandbox available"


# -- cgroups ---------------------------------------------------------------------------------------------

class Cgroup:
    """One cgroup per controller for one student process: <controller>/course-grader/<grader pid>-<random>."""

    def __init__(self, settings):
        remove_stale_cgroups()
        self.name = f"{os.getpid()}-{uuid.uuid4().hex[:12]}"
        self.dirs = [CGROUP_ROOT / c / CGROUP_PARENT / self.name for c in CGROUP_CONTROLLERS]
        try:
            for folder in self.dirs:
                folder.mkdir(parents=True)
            pids, memory = self.dirs
            (pids / "pids.max").write_text(str(settings.max_processes))
            (memory / "memory.limit_in_bytes").write_text(str(settings.memory_bytes))
            if (memory / "memory.memsw.limit_in_bytes").exists():  # no swap beyond the limit either
                (memory / "memory.memsw.limit_in_bytes").write_text(str(settings.memory_bytes))
        except OSError:
            self.remove()
            raise

    def join(self):
        """Runs in the child before exec: it, and so everything the sandbox starts, belongs to this cgroup."""
        for folder in self.dirs:
            fd = os.open(folder / "cgroup.procs", os.O_WRONLY)
            try:
                os.write(fd, b"0")
            finally:
                os.close(fd)

    def add(self, pid):
        """Moves the process `pid` (as the host sees it) into this cgroup."""
        for folder in self.dirs:
            (folder / "cgroup.procs").write_text(str(pid))

    def members(self):
        return _members(self.dirs[0])

    def kill_all(self):
        for folder in self.dirs:
            _kill_members(folder)

    def remove(self):
        """Kills what is left in it and removes it; False if a process in it could not be stopped."""
        return all([_kill_and_remove(folder) for folder in self.dirs])

    def remove_soon(self):
        """Kills everything in it now, and removes it in the background once the kernel has finished
        with its processes (a few milliseconds the grading need not wait for)."""
        self.kill_all()
        global _remover, _pending
        with _remover_lock:
            _pending += 1
            _removals.put(self)
            if _remover is None or not _remover.is_alive():
                _remover = threading.Thread(target=_remove_retired, name="cgroup-remover", daemon=True)
                _remover.start()


_removals = queue.SimpleQueue()
_remover, _remover_lock, _pending = None, threading.Lock(), 0


def _remove_retired():
    global _pending
    while True:
        cgroup = _removals.get()
        if not cgroup.remove():
            print(f"warning: a student process in cgroup {cgroup.name} could not be stopped", file=sys.stderr)
        with _remover_lock:
            _pending -= 1


def wait_for_removals(patience=10.0):
    """Waits until the cgroups given to remove_soon are gone (for tests and a clean exit)."""
    ends = time.monotonic() + patience
    while _pending and time.monotonic() < ends:
        time.sleep(0.01)


def _members(folder):
    try:
        return [int(pid) for pid in (folder / "cgroup.procs").read_text().split()]
    except OSError:
        return []


def _kill_members(folder):
    for pid in _members(folder):
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _kill_and_remove(folder, patience=5.0):
    """Kills every process in the cgroup `folder`, then removes it (a cgroup goes once its processes are gone).
    True once it is gone."""
    ends = time.monotonic() + patience
    while folder.exists() and time.monotonic() < ends:
        _kill_members(folder)
        try:
            folder.rmdir()
        except FileNotFoundError:
            return True
        except OSError:
            time.sleep(0.001)  # a killed process takes a moment to leave
    return not folder.exists()


def remove_stale_cgroups():
    """Removes the cgroups of graders that are gone (a run killed before it could clean up)."""
    for controller in CGROUP_CONTROLLERS:
        parent = CGROUP_ROOT / controller / CGROUP_PARENT
        if not parent.is_dir():
            continue
        for folder in parent.iterdir():
            if folder.is_dir() and not _alive(folder.name.split("-")[0]):
                _kill_and_remove(folder, patience=1.0)


def _alive(pid):
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        pass
    return True


# -- the command -----------------------------------------------------------------------------------------

def enter_limits(cgroup, settings, cpu_limit=True):
    """Runs in the child before exec: its cgroup, then CPU, memory and file-size limits, no core dumps.

    RLIMIT_AS (GRADER_MEMORY_MB) also holds per process under a cgroup: one huge allocation then
    raises MemoryError in the student's code rather than having the kernel kill the sandbox.
    cpu_limit False: none (a long-lived template; each process forked from it sets its own).
    """
    if cgroup is not None:
        cgroup.join()
    if cpu_limit:
        cpu = settings.cpu_seconds
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (settings.memory_bytes, settings.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def _python_roots():
    """Folders the sandboxed interpreter needs: the venv and the installation it points to."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted({str(r) for r in roots})


def make_readable(folder):
    """Lets the sandbox's user read `folder` (made by the grader, perhaps under a private umask)."""
    os.chmod(folder, 0o755)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(parent, name), 0o755)
        for name in files:
            os.chmod(os.path.join(parent, name), 0o644)


# Like -I (no user site, no script folder on sys.path) except that the environment is read: it is ours
# alone (bwrap --clearenv, or env= without a sandbox), and it must reach the interpreter for PYTHONMALLOC.
PYTHON_FLAGS = ("-s", "-P")
THP_SETTINGS = "/sys/kernel/mm/transparent_hugepage"  # malloc asks for huge pages only if it can read these


def _environment():
    """The sandboxed interpreter's whole environment.

    PYTHONMALLOC and GLIBC_TUNABLES: Python's objects in malloc's heap, which asks for huge pages. A warm
    template's heap then forks in a few page-table entries instead of tens of thousands: forking and ending a
    student process cost half as much (measured: 16 -> 7 ms for a process holding numpy, matplotlib and
    scikit-learn, which the template imported then)."""
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp",
            "NBGRADER_EXECUTION": "autograde", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
            "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONMALLOC": "malloc",
            "GLIBC_TUNABLES": "glibc.malloc.hugetlb=1"}


def _bwrap_options(settings, binds):
    """bwrap's options (they travel over a pipe: --args FD). binds: (host path, path inside) read-only."""
    drop = runs_as_root()
    # As root, no user namespace: the server then switches to `nobody` itself, which a namespace
    # mapping only root could not do.
    options = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try"]
    options += ["--unshare-user"] if not drop else []
    options += ["--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    options += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"] if drop else []
    size = str(settings.disk_bytes)
    options += ["--clearenv", "--proc", "/proc", "--dev", "/dev",
                "--size", size, "--perms", "1777", "--tmpfs", "/tmp",
                "--size", size, "--perms", "1777", "--tmpfs", INSIDE_WORKSPACE]
    for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/etc/alternatives", "/etc/ld.so.cache", "/etc/fonts",
                       THP_SETTINGS):
        options += ["--ro-bind-try", system_dir, system_dir]
    roots = _python_roots()
    # bwrap makes the folders leading to a mount point private (0700): the sandbox's user must pass them
    for folder in sorted({str(p) for r in roots for p in PurePosixPath(r).parents if str(p) != "/"}, key=len):
        options += ["--perms", "0755", "--dir", folder]
    for root in roots:
        options += ["--ro-bind", root, root]
    options += ["--ro-bind", str(SERVER_DIR), INSIDE_SERVER]
    for host, inside in binds:
        options += ["--ro-bind", host, inside]
    options += ["--chdir", INSIDE_WORKSPACE]
    for key, value in _environment().items():
        options += ["--setenv", key, value]
    return options, drop


def support_binds(support):
    """The read-only binds that put a support folder's entries (utils/, datasets/) into /workspace."""
    return [(os.path.join(support, entry), f"{INSIDE_WORKSPACE}/{entry}") for entry in sorted(os.listdir(support))]


class Launch:
    """How to start one sandboxed process: Popen's argv, env, cwd and pass_fds; close() after Popen.

    support: a grader-made folder with what the notebook imports (utils/, datasets/), bound read-only.
    script: the program in inside_sandbox/ to run (a student process's server, or the template's);
    binds: (host path, path inside) to bind read-only instead of the support folder's entries;
    arguments: the script's own.
    """

    def __init__(self, support, settings, script="student_server.py", binds=None, arguments=()):
        self.pass_fds, self.scratch = (), None
        bwrap = bwrap_path()
        server = [sys.executable, *PYTHON_FLAGS, f"{INSIDE_SERVER}/{script}", *arguments]
        if bwrap:
            options, drop = _bwrap_options(settings, support_binds(support) if binds is None else binds)
            read_end, write_end = os.pipe()
            data = b"\0".join(o.encode() for o in options) + b"\0"
            try:
                os.write(write_end, data)  # a few kB: well within a pipe's buffer
            finally:
                os.close(write_end)
            self.pass_fds = (read_end,)
            self.argv = [bwrap, "--args", str(read_end)] + server + (
                ["--drop-to", str(SANDBOX_USER)] if drop else [])
            self.env, self.cwd = {}, "/"
        elif settings.allow_unsandboxed and script == "student_server.py":
            self.scratch = tempfile.mkdtemp(prefix="student-")
            shutil.copytree(support, self.scratch, dirs_exist_ok=True)
            self.argv = [sys.executable, *PYTHON_FLAGS, str(SERVER_DIR / "student_server.py")]
            self.env = dict(_environment(), PATH=os.environ.get("PATH", "/usr/bin:/bin"))
            self.cwd = self.scratch
        else:
            raise SandboxUnavailable("bubblewrap (bwrap) is not installed: install the Debian package `bubblewrap`, "
                                     "or set GRADER_ALLOW_UNSANDBOXED=1 to grade without a sandbox")

    def started(self):
        """Closes the grader's copy of the options pipe once the child has it."""
        for fd in self.pass_fds:
            os.close(fd)
        self.pass_fds = ()

    def close(self):
        self.started()
        if self.scratch:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None
