"""Grading through a real Dask cluster and into a real PostgreSQL gradebook, both on loopback."""
import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_scratch_course
from instructor import demo_class, grade, release
from instructor.bench_writer import free_port, loopback_postgres
from instructor.gradebook import cell_scores


def demo_course(root, db_url):
    root = make_scratch_course(root, db_url)
    demo_class.write_demo_class(root)
    return root


def scores(db_url):
    return {(r.student, r.assignment, r.grade_id): r.score for r in cell_scores(db_url)}


def test_dask_cluster_gives_the_same_scores_as_the_local_run(graded_demo_class, tmp_path):
    _, local_db, _ = graded_demo_class
    port = free_port()
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PYTHONPATH=str(REPO))
    procs = [subprocess.Popen([str(bin_dir / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], env=env, cwd=tmp_path, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        for _ in range(2):  # one thread each: a grading job changes its process's working directory
            procs.append(subprocess.Popen(
                [str(bin_dir / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nthreads", "1", "--nworkers", "1",
                 "--no-dashboard", "--host", "127.0.0.1"], env=env, cwd=tmp_path, start_new_session=True,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client
        with Client(f"tcp://127.0.0.1:{port}", timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
            assert len(client.scheduler_info()["workers"]) == 2
        db_url = f"sqlite:///{tmp_path / 'gradebook.db'}"
        root = demo_course(tmp_path / "course", db_url)
        os.environ["DASK_SCHEDULER"] = f"tcp://127.0.0.1:{port}"
        try:
            results = grade.autograde(root=root, db_url=db_url)
        finally:
            del os.environ["DASK_SCHEDULER"]
        assert all((r["status"] == "graded") == (r["student"] != demo_class.BROKEN) for r in results)
        assert scores(db_url) == scores(local_db)
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, 15)
            except ProcessLookupError:
                pass
            proc.wait(timeout=30)


@pytest.fixture
def postgres_server():
    """A throw-away PostgreSQL server on 127.0.0.1, run as the `postgres` system user."""
    with contextlib.ExitStack() as stack:
        try:
            db_url = stack.enter_context(loopback_postgres())
        except RuntimeError as missing:
            if os.environ.get("CI"):
                pytest.fail(f"PostgreSQL (Debian package postgresql) and root are needed for this test in CI: "
                            f"{missing}")
            pytest.skip(str(missing))
        yield db_url


def test_grades_the_demo_class_into_postgresql(graded_demo_class, postgres_server, tmp_path):
    _, local_db, _ = graded_demo_class
    root = demo_course(tmp_path / "course", postgres_server)
    results = grade.autograde(root=root, db_url=postgres_server)
    assert all((r["status"] == "graded") == (r["student"] != demo_class.BROKEN) for r in results)
    assert scores(postgres_server) == scores(local_db)
