"""A pre-warmed template: student processes are forked from it, each walled off on its own.

Started (inside its own bubblewrap sandbox, see ../template.py) as
    python -s -P template.py --control FD --warm MODULE,... [--drop-to UID]
It becomes UID (as student_server does), imports the grader's student-side code and the slow libraries
the notebooks use (the modules --warm lists), and never runs any student code itself. Then, for each request on the
control socket (one JSON message, with the new process's stdin, stdout and status pipes attached):

    template (unprivileged, long-lived)
      -> keeper   forks from the template; moves itself into the sandbox's cgroups, if any (through the
                  `tasks` files the grader opened and sent); makes a new user namespace, in which alone it
                  holds capabilities,
                  then new mount, PID, IPC, network, UTS and cgroup namespaces; mounts a fresh tmpfs on
                  /workspace and /tmp, binds that submission's support files read-only into /workspace, and
                  hides what other children could share: /staging (every child's support files), /proc (a
                  new one cannot be mounted here) and /dev/pts (a new instance instead);
                  drops every capability, writes "ready" on the status pipe, waits for its child, then exits.
      -> init     PID 1 of the new PID namespace: drops every capability for good, starts the server and
                  reaps; writes "exit CODE" on the status pipe when the server ends. When it ends, the
                  kernel ends everything left in the namespace.
      -> server   PID 2: student_server.serve() on the stdin/stdout pipes, with the request's rlimits;
                  capabilities none, user id not 0 (checked), every other file descriptor closed.

So each student process starts with the template's state (libraries imported, nothing of anybody's), in
a scratch folder, namespaces and tmpfs mounts of its own, and nothing one child does is visible to another.
"""
import gc
import json
import os
import resource
import signal
import socket
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import namespaces as ns  # noqa: E402  (siblings, imported without the package)
import student_server  # noqa: E402

STAGING = "/staging"
MAX_FD = 1024
MAX_REQUEST = 1 << 16


def _warm_up(modules):
    for name in modules:
        try:
            __import__(name)
        except ImportError:
            pass  # a course that does not use it: the student process imports what it needs itself
    gc.collect()
    gc.freeze()  # the collector in a child then never walks (and so copies) the template's objects


def main():
    control = socket.socket(fileno=int(sys.argv[sys.argv.index("--control") + 1]))
    student_server.drop_privileges(sys.argv[1:])
    if 0 in os.getresuid():  # its children would run student code as root (in a user namespace, but root)
        raise SystemExit("the template does not run as root")
    _warm_up(sys.argv[sys.argv.index("--warm") + 1].split(","))
    children = set()
    control.send(json.dumps({"op": "ready"}).encode())
    while True:
        try:
            data, fds, _, _ = socket.recv_fds(control, MAX_REQUEST, 5)
        except InterruptedError:
            continue
        if not data:
            return  # the grader has gone
        _reap(children)
        try:
            request = json.loads(data)
            if request.get("op") == "spawn" and len(fds) >= 3:
                pid = os.fork()
                if pid == 0:
                    control.close()
                    _keeper(request, *fds)  # never returns
                children.add(pid)
                reply = {"op": "spawned", "pid": pid}
            elif request.get("op") == "kill":
                if request.get("pid") in children:  # never a pid reused by a newer child
                    os.kill(request["pid"], signal.SIGKILL)
                reply = None
            else:
                reply = {"op": "error", "reason": "unknown request"}
        except Exception as exc:
            reply = {"op": "error", "reason": f"{type(exc).__name__}: {exc}"}
        finally:
            for fd in fds:
                os.close(fd)
        if reply is not None:
            control.send(json.dumps(reply).encode())


def _reap(children):
    for pid in list(children):
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            children.discard(pid)


def _keeper(request, stdin_fd, stdout_fd, status_fd, *cgroup_tasks):
    """The child: walls itself off, starts the namespace's init, reports."""
    status = os.fdopen(status_fd, "w", buffering=1)
    try:
        _close_other_fds(stdin_fd, stdout_fd, status_fd, *cgroup_tasks)
        for tasks in cgroup_tasks:  # into the sandbox's cgroup: everything it starts is born there
            os.write(tasks, b"0")
            os.close(tasks)
        ns.prctl(ns.PR_SET_PDEATHSIG, signal.SIGKILL)  # the template is gone: so is this process
        _share_cores(request.get("cpus"))
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        # Becoming `nobody` made this process undumpable, its /proc files root's: it must write its maps.
        ns.prctl(ns.PR_SET_DUMPABLE, 1)
        uid, gid = os.getuid(), os.getgid()
        ns.unshare(ns.CLONE_NEWUSER)
        ns.map_own_user(uid, gid)
        ns.unshare(ns.CLONE_NEWNS | ns.CLONE_NEWPID | ns.CLONE_NEWIPC | ns.CLONE_NEWNET | ns.CLONE_NEWUTS
                   | ns.CLONE_NEWCGROUP)
        _fresh_mounts(request)
        init = os.fork()
    except BaseException as exc:
        status.write(f"failed {type(exc).__name__}: {exc}\n")
        os._exit(1)
    if init == 0:
        _init(request, stdin_fd, stdout_fd, status)
    os.close(stdin_fd)
    os.close(stdout_fd)
    try:
        ns.drop_capabilities()  # it only waits from here on
    except OSError as exc:
        status.write(f"failed {type(exc).__name__}: {exc}\n")
        os._exit(1)
    status.write("ready\n")
    status.close()
    os.waitpid(init, 0)
    os._exit(0)


def _share_cores(cpus):
    """Runs on the cores the grader asked for (its worker's), so that a call and its answer hand over on one
    core; the template itself may use every core (its imports run beside the worker's)."""
    if isinstance(cpus, list) and cpus and all(type(cpu) is int for cpu in cpus):
        try:
            os.sched_setaffinity(0, cpus)
        except (OSError, ValueError, OverflowError):
            pass  # a core it may not use: it runs where it can


def _fresh_mounts(request):
    size = int(request["disk_bytes"])
    stage = request["stage"]
    if not (isinstance(stage, str) and stage.isalnum()):
        raise ValueError("bad stage name")
    ns.mount(None, "/", None, ns.MS_REC | ns.MS_PRIVATE)
    for path in ("/workspace", "/tmp"):
        ns.mount("tmpfs", path, "tmpfs", ns.MS_NOSUID | ns.MS_NODEV, f"size={size},mode=1777")
    folder = os.path.join(STAGING, stage)
    for entry in sorted(os.listdir(folder)):
        source, target = os.path.join(folder, entry), os.path.join("/workspace", entry)
        if os.path.isdir(source):
            os.mkdir(target)
        else:
            open(target, "w").close()
        ns.mount(source, target, None, ns.MS_BIND | ns.MS_REC)
        ns.mount(None, target, None, ns.MS_BIND | ns.MS_REMOUNT | ns.MS_RDONLY | ns.MS_NOSUID | ns.MS_NODEV)
    hidden = ns.MS_RDONLY | ns.MS_NOSUID | ns.MS_NODEV | ns.MS_NOEXEC
    ns.mount("tmpfs", STAGING, "tmpfs", hidden, "size=4k,mode=755")
    try:  # ptys of its own; else none
        ns.mount("devpts", "/dev/pts", "devpts", ns.MS_NOSUID | ns.MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620")
        ns.mount("/dev/pts/ptmx", "/dev/ptmx", None, ns.MS_BIND)
    except OSError:
        ns.mount("tmpfs", "/dev/pts", "tmpfs", hidden, "size=4k,mode=755")
        ns.mount("/dev/null", "/dev/ptmx", None, ns.MS_BIND)
    # The template's /proc shows its other children; a new /proc cannot be mounted under bubblewrap's.
    ns.mount("tmpfs", "/proc", "tmpfs", hidden, "size=4k,mode=555")


def _init(request, stdin_fd, stdout_fd, status):
    """PID 1 of the new namespace: no capabilities from here on; runs the server and reports how it ended."""
    code = 70
    try:
        ns.prctl(ns.PR_SET_PDEATHSIG, signal.SIGKILL)  # the keeper killed: the namespace ends
        ns.drop_capabilities()
        server = os.fork()
        if server == 0:
            status.close()
            _server(request, stdin_fd, stdout_fd)
        os.close(stdin_fd)
        os.close(stdout_fd)
        while True:  # reap everything; the server's end is the namespace's end
            pid, wait_status = os.wait()
            if pid == server:
                code = os.waitstatus_to_exitcode(wait_status)
                break
    except BaseException:
        pass
    try:
        status.write(f"exit {code}\n")
        status.close()
    finally:
        os._exit(0)


def _server(request, stdin_fd, stdout_fd):
    code = 70
    try:
        os.setsid()
        os.dup2(stdin_fd, 0)
        os.dup2(stdout_fd, 1)
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 2)
        os.closerange(3, MAX_FD)
        os.chdir("/workspace")
        limits = request["limits"]
        resource.setrlimit(resource.RLIMIT_CPU, (limits["cpu"], limits["cpu"] + 5))
        resource.setrlimit(resource.RLIMIT_AS, (limits["memory"], limits["memory"]))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits["file"], limits["file"]))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        if ns.capabilities() or 0 in os.getresuid() or 0 in os.getresgid():
            raise SystemExit("refusing to run student code with privileges")
        student_server.fresh_random_state()
        student_server.serve()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 70
    os._exit(code)


def _close_other_fds(*keep):
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, MAX_FD)


if __name__ == "__main__":
    main()
