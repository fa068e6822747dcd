"""Builds the command that runs a student's code in a sandbox.

With bubblewrap (`bwrap`): new namespaces for everything (no network, own PIDs),
all capabilities dropped, the file system reduced to the Python installation
(read-only), the grader's student-side code (read-only) and one scratch folder
(the only writable place besides an empty /tmp). source/, the gradebook,
solutions, hidden tests and other students' work are simply not there.

Without bubblewrap the grader refuses to run student code, unless the
instructor sets GRADER_ALLOW_UNSANDBOXED=1 (say, on a laptop with trusted
submissions): then it runs with resource limits only and says so loudly.
"""
import os
import resource
import shutil
import sys
from pathlib import Path

SERVER_DIR = Path(__file__).resolve().parent / "sandboxed"
INSIDE_WORKSPACE = "/workspace"
INSIDE_SERVER = "/grader"

FILE_BYTES = 64 * 1024 * 1024  # the largest file the student's code may write


class SandboxUnavailable(RuntimeError):
    pass


def bwrap_path():
    return shutil.which("bwrap")


def unsandboxed_allowed():
    return os.environ.get("GRADER_ALLOW_UNSANDBOXED") == "1"


def describe():
    """One line for the grading log: how student code will be run."""
    if bwrap_path():
        return "student code runs in a bubblewrap sandbox (no network, read-only system, scratch folder only)"
    if unsandboxed_allowed():
        return ("WARNING: bubblewrap is not installed: student code runs WITHOUT a sandbox "
                "(GRADER_ALLOW_UNSANDBOXED=1), with resource limits only")
    return "no sandbox available"


def set_limits():
    """Runs in the child before exec: CPU, memory and file-size limits, no core dumps.

    GRADER_CPU_SECONDS (default 300) and GRADER_MEMORY_MB (default 3072) are per student process.
    """
    cpu = int(os.environ.get("GRADER_CPU_SECONDS", "300"))
    memory = int(os.environ.get("GRADER_MEMORY_MB", "3072")) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_BYTES, FILE_BYTES))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    os.setsid()


def _python_roots():
    """Folders the sandboxed interpreter needs: the venv and the installation it points to."""
    roots = {Path(sys.prefix), Path(sys.base_prefix), Path(os.path.realpath(sys.executable)).parent.parent}
    return sorted({str(r) for r in roots})


def student_command(workspace, cells_file):
    """argv that starts the student server on `cells_file` inside `workspace`."""
    python = sys.executable
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "MPLBACKEND": "Agg", "MPLCONFIGDIR": "/tmp",
           "NBGRADER_EXECUTION": "autograde", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONHASHSEED": "0",
           "GRADER_CELL_TIMEOUT": os.environ.get("GRADER_CELL_TIMEOUT", "30")}
    bwrap = bwrap_path()
    if bwrap:
        cmd = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
               "--clearenv", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
        for system_dir in ("/usr", "/lib", "/lib64", "/bin", "/etc/alternatives", "/etc/ld.so.cache",
                           "/etc/fonts"):
            cmd += ["--ro-bind-try", system_dir, system_dir]
        for root in _python_roots():
            cmd += ["--ro-bind", root, root]
        cmd += ["--ro-bind", str(SERVER_DIR), INSIDE_SERVER,
                "--bind", str(workspace), INSIDE_WORKSPACE, "--chdir", INSIDE_WORKSPACE]
        for key, value in env.items():
            cmd += ["--setenv", key, value]
        cmd += [python, "-I", f"{INSIDE_SERVER}/student_server.py", f"{INSIDE_WORKSPACE}/{cells_file}"]
        return cmd, None, str(workspace)
    if unsandboxed_allowed():
        full_env = dict(env, PATH=os.environ.get("PATH", "/usr/bin:/bin"))
        return [python, "-I", str(SERVER_DIR / "student_server.py"), str(Path(workspace) / cells_file)], \
            full_env, str(workspace)
    raise SandboxUnavailable("bubblewrap (bwrap) is not installed: install the Debian package `bubblewrap`, "
                             "or set GRADER_ALLOW_UNSANDBOXED=1 to grade without a sandbox")
