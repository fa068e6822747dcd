"""Runs the jobs away from the parent: on a pool of local processes, or on a Dask cluster.

run_jobs(jobs, settings) yields one result per job as they finish. A refused job (see submissions.py) never
reaches a worker: it yields its failed result at once. Locally, each worker is a fresh (spawned) process
whose memory is capped (GRADER_WORKER_MEMORY_MB) and which uses one BLAS thread: N workers, each with a
sandboxed student process, already fill N cores. Every worker is started, and has imported the grading
code, before any job's clock starts; a job that runs longer than GRADER_JOB_TIMEOUT fails alone, and a
worker that dies fails only the job that killed it.

Why the standard library's pool and not a library such as pebble (evaluated for issue 15, version 5.2.3):
pebble's ProcessPool.schedule(..., timeout=) stops only the overdue task's worker, reports a dead worker as
ProcessExpired for its task only, and starts its clock when a worker takes the task, so it would replace the
kill below, which needs ProcessPoolExecutor's private _processes. But all of pebble's workers send their
results over one shared pipe while holding one shared lock, and a grading result is large (an autograded
notebook, up to MAX_NOTEBOOK characters, pickled under that lock): a worker that the OOM killer ends while
it holds the lock, the moment it is most likely to be chosen, leaves the lock taken (a semaphore is not
given back by a dead process) and half a message in the pipe, and every other worker then stalls (for the
lock's 60 s timeout, then fails) instead of only that job failing. ProcessPoolExecutor turns the same death
into BrokenProcessPool, which _drain below handles by rebuilding the pool and blaming only the job that
breaks pools repeatedly. That guarantee (tests/test_grading_runner.py) is worth the one private attribute.
"""
import atexit
import contextlib
import os
import resource
import sys
import time
from collections import Counter, deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context

from . import sandbox, warm_start

WORKER_DIED = "the grading worker died while grading this submission (out of memory?)"


# A new worker imports this module first (for its initializer) and starts its template straight away:
# the modules below take half a second (nbformat, numpy), so they are imported when first needed.
def failed_result(job, reason):
    from .jobs import failed_result as failed
    return failed(job, reason)


def _grade_submission():
    from .trusted_run import grade_submission
    return grade_submission


def run_jobs(jobs, settings, grade=None):
    """Yields one result per job as they finish: on Dask if settings.dask_scheduler is set, else on local
    processes (settings.pool_size of them).

    grade: the job function (None: grade_submission; tests pass stand-ins).
    """
    for job in jobs:  # a refused hand-in (see find_jobs): nothing to grade, a failed row with its reason
        if job.refused:
            yield failed_result(job, job.refused)
    jobs = [job for job in jobs if not job.refused]
    if settings.dask_scheduler:
        yield from _run_on_dask(jobs, settings.dask_scheduler, grade or _grade_submission())
    else:
        yield from _run_locally(jobs, settings, grade)


@contextlib.contextmanager
def workers_starting(settings, grade=None):
    """Starts the local pool's workers on entering (their imports and templates take seconds), so they get
    ready while this process reads the class; the run's first pool (run_jobs, with the same settings and
    grade) takes them over. A pool not taken over by the end of the block is shut down."""
    key = (settings.pool_size, settings, grade)
    if settings.dask_scheduler or key in _starting:
        yield
        return
    _starting[key] = _start_pool(*key)
    try:
        yield
    finally:
        pool, _ = _starting.pop(key, (None, None))
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


_starting = {}  # {(workers, settings, grade): (pool, its workers' ready futures)} started by workers_starting


def _run_on_dask(jobs, scheduler, grade):
    from distributed import Client, as_completed as dask_completed
    with Client(scheduler) as client:
        futures = client.map(grade, jobs, pure=False)
        job_of = {future.key: job for future, job in zip(futures, jobs)}
        for future in dask_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # a lost worker (KilledWorker) or a failed job: this submission only
                yield failed_result(job_of[future.key], f"grading worker failed: {type(exc).__name__}: {exc}")


def _run_locally(jobs, settings, grade):
    """Runs the jobs on a pool of settings.pool_size processes, never in this one.

    A worker that dies (the OOM killer, say) breaks the whole pool, and every job in
    flight with it: the pool is rebuilt and those jobs are graded again. A job that
    was in flight at two breaks is graded alone; if it breaks a pool on its own, it
    is the culprit and gets a failed row, and nobody else pays for it.
    """
    queue, suspects, breaks = deque(jobs), [], Counter()
    while queue:
        died = yield from _drain(queue, settings.pool_size, settings, grade)
        for job in died:
            breaks[_key(job)] += 1
        suspects += [job for job in died if breaks[_key(job)] >= 2]
        queue.extendleft(reversed([job for job in died if breaks[_key(job)] < 2]))
    for job in suspects:
        alone = deque([job])
        while alone:
            if (yield from _drain(alone, 1, settings, grade)):
                yield failed_result(job, WORKER_DIED)


def _drain(queue, workers, settings, grade):
    """Grades jobs from `queue` on a new pool until the queue is empty or the pool breaks.

    Keeps exactly as many jobs in flight as there are workers, so a break is blamed on
    the jobs that were really running. Returns the jobs lost in a break (none if it held).
    """
    died, broken, limit = [], False, settings.job_timeout
    finished = []  # results not yet handed on: the workers get their next jobs first
    with _new_pool(workers, settings, grade) as pool:
        grade = grade or _grade_submission()
        in_flight, started = {}, {}
        while (queue and not broken) or in_flight or finished:
            while queue and len(in_flight) < workers and not broken:
                job = queue.popleft()
                try:
                    future = pool.submit(grade, job)
                except BrokenProcessPool:  # broke since the last check: this job never started
                    queue.appendleft(job)
                    broken = True
                else:
                    in_flight[future], started[future] = job, time.monotonic()
            yield from finished  # recorded by the caller while the workers grade
            finished.clear()
            if not in_flight:
                continue
            first_due = min(started[f] for f in in_flight) + limit
            done, _ = wait(in_flight, timeout=max(first_due - time.monotonic(), 0), return_when=FIRST_COMPLETED)
            overdue = [f for f in in_flight if f not in done and time.monotonic() - started[f] >= limit]
            if overdue:
                for future in overdue:
                    finished.append(failed_result(in_flight.pop(future), f"grading took longer than {limit:g} s "
                                                                         "(GRADER_JOB_TIMEOUT) and was stopped"))
                # A running job cannot be cancelled: stop the workers; the jobs still in flight break
                # with them and are graded again. (_processes: Python 3.11 has no public way to do this.)
                for process in list(pool._processes.values()):
                    process.kill()
                broken = True
            for future in done:
                job = in_flight.pop(future)
                try:
                    finished.append(future.result())
                except BrokenProcessPool:
                    died.append(job)
                    broken = True
                except Exception as exc:  # say, a result that could not be sent back
                    finished.append(failed_result(job, f"grading worker failed: {type(exc).__name__}: {exc}"))
    return died


def _new_pool(workers, settings, grade):
    """A pool of `workers` processes, each ready to grade (see _start_pool): the one workers_starting
    started, if it matches, else a new one. grade: None for grade_submission."""
    pool, ready = _starting.pop((workers, settings, grade), None) or _start_pool(workers, settings, grade)
    # Every worker has imported the grading code and started the student processes' template before any
    # job's clock starts: on a loaded machine that takes seconds, which must not count against
    # GRADER_JOB_TIMEOUT.
    try:
        for future in ready:
            future.result()
    except BrokenProcessPool:
        pass  # the jobs submitted next find the pool broken and are handled as a break
    return pool


def _start_pool(workers, settings, grade):
    """(pool, futures that end when its workers are ready), without waiting for them.

    Sending `grade` along makes each worker import the module that defines it, whichever that is."""
    # One BLAS thread per worker: N workers, each with a sandboxed student process, already fill N cores.
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, "1")
    context = get_context("spawn")
    cpus = sorted(os.sched_getaffinity(0))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start_worker,
                               initargs=(settings.worker_memory_bytes, context.Value("i", 0),
                                         cpus if workers <= len(cpus) else [], settings if grade is None else None))
    try:
        return pool, [pool.submit(_worker_ready, grade, settings) for _ in range(workers)]
    except BrokenProcessPool:
        return pool, []


_core = None  # the core this worker keeps to, once its template is ready (None: every core)


def _worker_ready(grade, settings):
    """Starts the template (it and this worker import their libraries side by side, on every core) and
    imports the grading code, then keeps this worker, and the student processes it will start, to the
    worker's own core. grade: None for grade_submission."""
    if grade is None:
        warm_start.prepare(settings)
        _grade_submission()
    if _core is not None:
        os.sched_setaffinity(0, {_core})
    return os.getpid()


def _start_worker(max_bytes, started, cpus, warm):
    """Pool initializer: the memory limit, a core of its own when there are enough of them, and (warm: the
    run's settings, when the jobs grade submissions) the template's start, before this worker's imports.

    A worker and its student processes take turns (a call, its answer, the next call): on one core, each
    hand-over is a switch on that core, not a wake-up of another one, which costs far more on a VM.
    """
    global _core
    atexit.register(_leave_quickly)
    limit_memory(max_bytes)
    with started.get_lock():
        index, started.value = started.value, started.value + 1
    if cpus:
        _core = cpus[index % len(cpus)]
    if warm is not None:
        warm_start.start_early(warm)


def _leave_quickly():
    """A worker's exit: after the handlers registered after this one (its folders), the template and the
    cgroups go, then the process ends without tearing down its modules (numpy, scikit-learn, nbformat: about
    half a second, which the end of every run waited for)."""
    warm_start.close_template()
    sandbox.wait_for_removals(patience=2.0)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass
    os._exit(0)


def limit_memory(max_bytes):
    """Pool initializer: a runaway allocation in the grader raises MemoryError in its job,
    instead of growing until the OOM killer takes the worker (or a neighbour) down.

    Only the soft limit: a student process started from here may set its own (GRADER_MEMORY_MB).
    """
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        max_bytes = min(max_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, hard))


def _key(job):
    return job.student, job.assignment
