"""Every limit and default of a grading run, read once from the environment by the parent.

`Settings.from_environment()` runs in the process that starts grading (instructor/grade.py, the accuracy
tools); the settings then travel with each job (jobs.Job.settings) to the worker, the student process and
its sandbox. The student server inside the sandbox gets what it needs in its start message, never from an
environment variable. A bad value stops the run at once with one line naming the variable.

The README's table of settings is checked against the fields here (tests/test_settings.py).
"""
import os
from dataclasses import dataclass, field, fields


class SettingError(ValueError):
    """A setting whose value cannot be used; str() is one line naming it."""


def _setting(variable, default, meaning, shown_default=None):
    return field(default=default, metadata={"variable": variable, "meaning": meaning,
                                            "shown_default": shown_default})


@dataclass(frozen=True)
class Settings:
    workers: int | None = _setting("WORKERS", None, "grading processes of the local pool", "one per core")
    dask_scheduler: str = _setting("DASK_SCHEDULER", "", "`tcp://host:port` of a Dask cluster that grades "
                                   "instead of the local pool", "unset")
    job_timeout: float = _setting("GRADER_JOB_TIMEOUT", 900.0, "seconds one submission may take in a local "
                                  "worker (a safety net for a hang in the grader itself)")
    worker_memory_mb: int = _setting("GRADER_WORKER_MEMORY_MB", 4096, "memory of each local grading worker (MB)")
    call_timeout: float = _setting("GRADER_CALL_TIMEOUT", 60.0, "seconds one call of a student's function may take")
    cell_timeout: float = _setting("GRADER_CELL_TIMEOUT", 30.0, "seconds one notebook cell of the student's "
                                   "process may take before any call")
    setup_timeout: float = _setting("GRADER_SETUP_TIMEOUT", 300.0, "seconds the student's notebook cells may "
                                    "take together before any call")
    submission_timeout: float = _setting("GRADER_SUBMISSION_TIMEOUT", 600.0, "seconds all the calls of one "
                                         "submission may take together")
    memory_mb: int = _setting("GRADER_MEMORY_MB", 3072, "memory of the whole sandbox (cgroups), else of each "
                              "student process (MB)")
    max_processes: int = _setting("GRADER_MAX_PROCESSES", 64, "processes and threads in one sandbox "
                                  "(cgroups only)")
    disk_mb: int = _setting("GRADER_DISK_MB", 256, "size of each of the sandbox's /workspace and /tmp (MB)")
    cpu_seconds: int = _setting("GRADER_CPU_SECONDS", 300, "CPU time of each student process (s)")
    warm_start: bool = _setting("GRADER_WARM_START", True, "`0`: start every student process from scratch "
                                "instead of forking it from a pre-warmed template (see warm_start.py)", "1")
    allow_unsandboxed: bool = _setting("GRADER_ALLOW_UNSANDBOXED", False, "`1`: grade without bubblewrap, "
                                       "with resource limits only (trusted submissions only)", "0")

    @classmethod
    def from_environment(cls, environ=None):
        """The settings the environment sets, every other one at its default. Raises SettingError."""
        environ = os.environ if environ is None else environ
        given = {}
        for item in fields(cls):
            text = environ.get(item.metadata["variable"], "").strip()
            if text:
                given[item.name] = _parse(item, text)
        return cls(**given)

    @property
    def pool_size(self):
        """Local grading processes: WORKERS, else one per core."""
        return self.workers or os.cpu_count() or 1

    @property
    def memory_bytes(self):
        return self.memory_mb << 20

    @property
    def disk_bytes(self):
        return self.disk_mb << 20

    @property
    def worker_memory_bytes(self):
        return self.worker_memory_mb << 20


def _parse(item, text):
    variable, default = item.metadata["variable"], shown_default(item)
    kind = item.type
    if kind is str:
        return text
    if kind is bool:
        if text not in ("0", "1"):
            raise SettingError(f"{variable}={text!r} must be 1 (on) or 0 (off); the default is {default}")
        return text == "1"
    whole = int in getattr(kind, "__args__", (kind,))  # int, or int | None
    try:
        value = int(text) if whole else float(text)
    except ValueError:
        raise SettingError(f"{variable}={text!r} is not a {'whole number' if whole else 'number'} "
                           f"(the default is {default})") from None
    if not value > 0 or value == float("inf"):
        raise SettingError(f"{variable}={text!r} must be a positive number (the default is {default})")
    return value


def table():
    """The README's table of settings, in Markdown, made from the fields above."""
    lines = ["| setting | default | what it bounds |", "| --- | --- | --- |"]
    for item in fields(Settings):
        lines.append(f"| `{item.metadata['variable']}` | {shown_default(item)} | {item.metadata['meaning']} |")
    return "\n".join(lines)


def shown_default(item):
    """A field's default as the README and the error messages write it."""
    if item.metadata["shown_default"] is not None:
        return item.metadata["shown_default"]
    return f"{item.default:g}" if isinstance(item.default, float) else str(item.default)
