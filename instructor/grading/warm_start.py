"""Student processes forked from a pre-warmed template instead of started from scratch.

Starting a sandboxed student process from scratch costs bubblewrap, a new interpreter and numpy's (and
matplotlib's) imports: about a quarter of a second, twice per submission. Instead, each grading worker
keeps one template (inside_sandbox/template.py): a process in a bubblewrap sandbox of its own, as
unprivileged as a student process, that has done those imports and never runs student code. Each student
process is forked from it and, before any student code runs, gets namespaces, a /workspace and a /tmp of
its own (see the template's docstring): the same isolation as a process started from scratch, with no
capability kept anywhere. Only the template's library imports are shared, read-only (copy on write).

Where the sandbox as a whole is bounded by cgroups, the template's child moves itself into the sandbox's
cgroups (through their `tasks` files, opened by the grader and passed along) before it starts the
processes that run student code, which are so born there.

A template that cannot start or fork (bubblewrap missing, user namespaces disabled) is given up for the
run: student processes then start from scratch, as with GRADER_WARM_START=0.
"""
import atexit
import compileall
import hashlib
import importlib
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import time

from . import sandbox
from .worker_folders import worker_folder

STAGING_INSIDE = "/staging"
# Imported once by the template, not by every student process: the notebooks' slow imports (the course's
# utils/ are not among them: they belong to each submission's own folder). The notebooks no longer use
# scikit-learn (the circles come from datasets/circles.npz), yet a template holding it forks faster: a
# notebook's two student processes started in 55-65 ms with it and in 85-100 ms without (2-core VM, 2026-12-02;
# why is not known: the larger heap lies differently in huge pages). Its 1.3 s import is paid once a worker.
WARM_MODULES = ("numpy", "matplotlib", "sklearn.datasets")
# What a worker imports while its template starts: what the trusted run uses (not scikit-learn).
TRUSTED_MODULES = ("numpy", "matplotlib")


class TemplateUnavailable(RuntimeError):
    """The template could not start, or could not fork a walled-off child."""


_template = None   # this worker process's template
_unavailable = {}  # {mode: why no template can be used} (then student processes start from scratch)
_early = {}  # {mode: a template started by start_early, not yet waited for}


def _mode(settings):
    """What a template is made for: the run's settings, and how the sandbox is built on this machine."""
    return settings, sandbox.runs_as_root(), sandbox.cgroups_usable()


def _may_start(settings, mode):
    """Whether a template may be started for `settings`: asked for, bubblewrap there, not given up on."""
    return settings.warm_start and bool(sandbox.bwrap_path()) and mode not in _unavailable


def template_for(settings, meanwhile=None):
    """This process's running template for `settings`, started if need be; None when unavailable.

    meanwhile: called while a new template does its imports (prepare uses it)."""
    global _template
    mode = _mode(settings)
    if not _may_start(settings, mode):
        return None
    if _template is not None and (_template.mode != mode or not _template.alive()):
        _template.close()
        _template = None
    if _template is None:
        try:
            template = _early.pop(mode, None) or Template(settings)
            if meanwhile is not None:
                meanwhile()
            template.wait_ready()
            _template = template
        except (OSError, TemplateUnavailable) as exc:
            _unavailable[mode] = f"no template: {exc}"
            return None
    return _template


def start_early(settings):
    """Starts the template for `settings` now, without waiting for it: template_for then takes it over."""
    mode = _mode(settings)
    if _may_start(settings, mode) and mode not in _early:
        try:
            _early[mode] = Template(settings)
        except OSError:
            pass  # template_for tries again, and says why if it fails


def prepare(settings):
    """Before a worker's first job: starts its template and, meanwhile, imports in this process the same
    libraries (the trusted run uses them too)."""
    template_for(settings, meanwhile=_import_trusted_modules)


def _import_trusted_modules():
    for name in TRUSTED_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


def give_up(settings, reason):
    """After a failed fork: this process starts student processes from scratch from now on."""
    global _template
    _unavailable[_mode(settings)] = reason
    if _template is not None:
        _template.close()
        _template = None


class Template:
    """One template process in its sandbox, and the folder (staging) its children's support files come from."""

    def __init__(self, settings):
        """Starts the template; wait_ready() waits for its imports."""
        self.settings, self.mode = settings, _mode(settings)
        self.staging = worker_folder("grader-staging-")
        self.control, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.cgroup = sandbox.Cgroup(settings) if sandbox.cgroups_usable() else None
        self.proc, self.stages = None, set()
        try:
            launch = sandbox.Launch(None, settings, script="template.py", binds=[(self.staging, STAGING_INSIDE)],
                                    arguments=["--control", str(theirs.fileno()), "--warm", ",".join(WARM_MODULES)])
            try:
                self.proc = subprocess.Popen(
                    launch.argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    env=launch.env, cwd=launch.cwd, pass_fds=(*launch.pass_fds, theirs.fileno()),
                    preexec_fn=lambda: sandbox.enter_limits(self.cgroup, settings, cpu_limit=False))
            finally:
                launch.close()
                theirs.close()
        except BaseException:
            self.close()
            raise

    def wait_ready(self):
        """Waits for the template to have done its imports; raises TemplateUnavailable if it ended."""
        try:
            if self._receive(time.monotonic() + self.settings.setup_timeout).get("op") != "ready":
                raise TemplateUnavailable("the template did not start")
        except BaseException:
            self.close()
            raise

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def _receive(self, deadline):
        while (left := deadline - time.monotonic()) > 0:
            ready, _, _ = select.select([self.control], [], [], left)
            if ready:
                data = self.control.recv(1 << 16)
                if not data:
                    raise TemplateUnavailable("the template has ended")
                return json.loads(data)
        raise TemplateUnavailable("the template did not answer in time")

    def _stage(self, support):
        """The name of a copy of `support` in the staging folder: one per content, which every child of the
        template with those files binds read-only (no student can change it; each writes only its own
        /workspace and /tmp)."""
        digest = _digest(support)
        if digest not in self.stages:
            target = os.path.join(self.staging, digest)
            shutil.rmtree(target, ignore_errors=True)  # a copy left half-made
            shutil.copytree(support, target)
            # Byte code compiled here, once: a student process may not write it, so it would compile the
            # support modules from source at every start.
            compileall.compile_dir(target, quiet=2)
            sandbox.make_readable(target)
            self.stages.add(digest)
        return digest

    def spawn(self, support, cgroup):
        """A new student process (WarmProcess) with `support`'s entries in its /workspace, born in `cgroup`."""
        stage = self._stage(support)
        theirs, ours = [], []
        try:
            for child_reads in (True, False, False):  # the child's stdin, its stdout, its status line
                read_end, write_end = os.pipe()
                theirs.append(read_end if child_reads else write_end)
                ours.append(write_end if child_reads else read_end)
            settings = self.settings
            request = {"op": "spawn", "stage": stage, "disk_bytes": settings.disk_bytes,
                       "limits": {"cpu": settings.cpu_seconds, "memory": settings.memory_bytes,
                                  "file": sandbox.FILE_BYTES},
                       "cpus": sorted(os.sched_getaffinity(0))}  # the child shares this worker's core(s)
            # The child moves itself into the sandbox's cgroup through these (opened here, by the grader):
            # a process moving itself is quick, moving another one waits for the kernel (milliseconds).
            tasks = [os.open(folder / "tasks", os.O_WRONLY) for folder in cgroup.dirs] if cgroup else []
            try:
                deadline = time.monotonic() + 10
                socket.send_fds(self.control, [json.dumps(request).encode()], theirs + tasks)
            finally:
                for fd in tasks:
                    os.close(fd)
            reply = self._receive(deadline)
            if reply.get("op") != "spawned":
                raise TemplateUnavailable(f"the template could not fork: {reply.get('reason')}")
            process = WarmProcess(ours, reply["pid"], self)
            ours = []
            first = process.status_line(deadline)
            if first != "ready":
                process.close()
                raise TemplateUnavailable(f"the template's child could not wall itself off: {first or 'it ended'}")
            return process
        finally:
            for fd in theirs + ours:
                os.close(fd)

    def kill(self, pid):
        try:
            self.control.send(json.dumps({"op": "kill", "pid": pid}).encode())
        except OSError:
            pass  # the template is gone, and its children with it

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.cgroup is not None:
            self.cgroup.remove()
        if self.proc is not None:
            try:
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        self.control.close()
        shutil.rmtree(self.staging, ignore_errors=True)


@atexit.register
def close_template():
    """Ends this process's template, and any started early but never used (their cgroups go with them)."""
    for template in [_template, *_early.values()]:
        if template is not None:
            template.close()
    _early.clear()


def _digest(folder):
    """A fingerprint of a folder's files: their relative paths and contents."""
    digest = hashlib.sha256()
    for parent, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(parent, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as file:
                digest.update(hashlib.sha256(file.read()).digest())
    return digest.hexdigest()[:32]


class WarmProcess:
    """A student process forked from the template, handled as subprocess.Popen is (stdin, stdout, poll,
    wait, returncode), plus kill(). Its status pipe says "ready", then "exit CODE" when it ends; a pipe
    that closes without saying how means the process was killed."""

    def __init__(self, fds, pid, template):
        stdin, stdout, self.status = fds
        self.stdin, self.stdout = os.fdopen(stdin, "wb", buffering=0), os.fdopen(stdout, "rb", buffering=0)
        self.pid, self.template = pid, template
        self.returncode = None
        self._status_text = b""

    def status_line(self, deadline):
        """The next line of the status pipe, or None once it has closed; waits until `deadline` at most."""
        while b"\n" not in self._status_text:
            if not select.select([self.status], [], [], max(deadline - time.monotonic(), 0))[0]:
                raise subprocess.TimeoutExpired("student process", 0)
            chunk = os.read(self.status, 256)
            if not chunk:
                return None
            self._status_text += chunk
        line, _, self._status_text = self._status_text.partition(b"\n")
        return line.decode(errors="replace")

    def wait(self, timeout=None):
        deadline = time.monotonic() + (timeout if timeout is not None else 1e9)
        while self.returncode is None:
            line = self.status_line(deadline)
            if line is None:
                self.returncode = -signal.SIGKILL
            elif line.startswith("exit "):
                try:
                    self.returncode = int(line.split()[1])
                except ValueError:
                    self.returncode = -signal.SIGKILL
        return self.returncode

    def poll(self):
        if self.returncode is None:
            try:
                self.wait(timeout=0)
            except subprocess.TimeoutExpired:
                pass
        return self.returncode

    def kill(self):
        if self.returncode is None:
            self.template.kill(self.pid)

    def close(self):
        """Closes the pipes (after the process has ended)."""
        for pipe in (self.stdin, self.stdout):
            try:
                pipe.close()
            except OSError:
                pass
        if self.status is not None:
            os.close(self.status)
            self.status = None
