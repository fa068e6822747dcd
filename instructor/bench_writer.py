"""Benchmark: how many results a second the parent records, into SQLite and into PostgreSQL on loopback.

    python -m instructor.bench_writer [--results 10000]

Builds a scratch course (release/ generated, so the gradebook holds the real assignments), then feeds
synthetic results (real-sized autograded notebooks, random scores, one in ten failed) through the parent's
recording path: recording.record() for every result and recording.checkpoint() whenever the gradebook writer's batch
is due, exactly as grade.autograde() does. PostgreSQL is a throw-away server on 127.0.0.1 (Debian's
postgresql package, run as the `postgres` user; installed with apt-get where missing and we are root).
Figures only: nothing here passes or fails.
"""
import argparse
import contextlib
import os
import random
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import nbformat

from .course import REPO, assignments
from .grading import recording
from .grading.jobs import Job, Result
from .grading.recording import StatusFile
from .grading.settings import Settings
from .gradebook import GradebookWriter
from .notebooks import test_cells
from .release import generate, stage_support_files


def build_course(root, db_url):
    """A scratch course in `root` with release/ generated and its assignments recorded in `db_url`."""
    for a in assignments():
        stage_support_files(a)
        shutil.copytree(REPO / "source" / a.name, root / "source" / a.name)
    generate(root / "release", root=root, db_url=db_url)


def synthetic_feed(root, count, seed=0):
    """[(job, result)]: `count` results cycling through the course's assignments, students s00000, s00001, ..."""
    rng = random.Random(seed)
    kinds = []
    for a in assignments(root):
        source = nbformat.reads(a.source_notebook(root).read_text(), as_version=4)
        max_scores = {gid: float(c.metadata.nbgrader.points) for gid, c in test_cells(source).items()}
        kinds.append((a, max_scores, (root / "release" / a.name / a.notebook).read_text()))
    feed = []
    for i in range(count):
        a, max_scores, notebook = kinds[i % len(kinds)]
        job = Job(student=f"s{i // len(kinds):05d}", assignment=a.name, notebook=a.notebook,
                  max_scores=max_scores, settings=Settings())
        if rng.random() < 0.1:
            result = Result(job.student, job.assignment, "failed", "synthetic failure", {}, max_scores)
        else:
            result = Result(job.student, job.assignment, "graded", "",
                            {g: rng.choice([0.0, p]) for g, p in max_scores.items()}, max_scores, notebook=notebook)
        feed.append((job, result))
    return feed


def record_feed(root, db_url, feed, **writer_options):
    """Records every (job, result) as grade.autograde() does; returns (seconds in all, seconds writing autograded/)."""
    jobs = {(job.student, job.assignment): job for job, _ in feed}
    status = StatusFile(root)
    files = [0.0]
    write_autograded = recording.write_autograded

    def timed_write(*args):
        begin = time.perf_counter()
        try:
            return write_autograded(*args)
        finally:
            files[0] += time.perf_counter() - begin

    recording.write_autograded = timed_write
    start = time.perf_counter()
    try:
        with GradebookWriter(db_url, **writer_options) as writer:
            for job, result in feed:
                recording.record(root, writer, job, result, status)
                if writer.due():
                    recording.checkpoint(root, writer, status, jobs)
            recording.checkpoint(root, writer, status, jobs)
    finally:
        recording.write_autograded = write_autograded
    return time.perf_counter() - start, files[0]


def find_initdb():
    return shutil.which("initdb") or next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))), None)


def install_postgresql():
    """Installs Debian's postgresql where it is missing and we may (root with apt-get); returns initdb or None."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", "postgresql"]):
        if subprocess.run(command, env=env, capture_output=True).returncode != 0:
            return None
    return find_initdb()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NO_SYNC = " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"


@contextlib.contextmanager
def loopback_postgres(durable=True):
    """A throw-away PostgreSQL server on 127.0.0.1 (as the `postgres` user): yields a database URL, or raises
    RuntimeError saying what is missing. durable=False: no disk syncs (a test that kills clients, not the server)."""
    initdb = find_initdb() or install_postgresql()
    if not initdb or os.geteuid() != 0 or not shutil.which("runuser"):
        raise RuntimeError("needs PostgreSQL's initdb (Debian package postgresql) and root")
    bin_dir = Path(initdb).resolve().parent
    data = Path(tempfile.mkdtemp(prefix="pg-", dir="/tmp"))
    shutil.chown(data, "postgres", "postgres")
    port = free_port()
    as_postgres = ["runuser", "-u", "postgres", "--"]
    try:
        subprocess.run(as_postgres + [str(bin_dir / "initdb"), "-D", str(data / "db"), "-A", "trust", "-U",
                                      "grader"], check=True, capture_output=True)
        options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1" + ("" if durable else NO_SYNC)
        subprocess.run(as_postgres + [str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-w", "-l",
                                      str(data / "log"), "-o", options, "start"], check=True, capture_output=True)
        import psycopg2
        connection = psycopg2.connect(host="127.0.0.1", port=port, user="grader", dbname="postgres")
        connection.autocommit = True
        connection.cursor().execute("CREATE DATABASE gradebook")
        connection.close()
        yield f"postgresql+psycopg2://grader@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(as_postgres + [str(bin_dir / "pg_ctl"), "-D", str(data / "db"), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(data, ignore_errors=True)


def bench(name, db_url, count):
    with tempfile.TemporaryDirectory(prefix="bench-writer-") as tmp:
        root = Path(tmp)
        build_course(root, db_url)
        feed = synthetic_feed(root, count)
        seconds, files = record_feed(root, db_url, feed)
        print(f"  {name:<11} {count} results in {seconds:6.1f} s: {count / seconds:7.1f} results/s "
              f"({files:.1f} s of it writing autograded/; the rest {count / (seconds - files):7.1f} results/s)",
              flush=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=int, default=10_000)
    args = parser.parse_args(argv)
    print(f"Recording {args.results} synthetic results through the parent's recording path:", flush=True)
    with tempfile.TemporaryDirectory(prefix="bench-writer-db-") as tmp:
        bench("SQLite", f"sqlite:///{Path(tmp) / 'gradebook.db'}?timeout=60", args.results)
    try:
        with loopback_postgres() as db_url:
            bench("PostgreSQL", db_url, args.results)
    except RuntimeError as exc:
        print(f"  PostgreSQL  skipped: {exc}")


if __name__ == "__main__":
    main()
