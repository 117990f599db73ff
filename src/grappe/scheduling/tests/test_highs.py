"""HiGHS through highspy beside OR-Tools, and background LP solves that stop when told."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from grappe.scheduling.bound import build_lp, certified_dual_bound
from grappe.scheduling.generate import generate
from grappe.scheduling.highs_lp import LPJob, solve_here

BOTH = """
import sys
import numpy as np
first, second = sys.argv[1:3]
__import__(first)
__import__(second)
import highspy
from ortools.sat.python import cp_model
from ortools.linear_solver import pywraplp
from grappe.scheduling.highs_lp import solve_here

model = cp_model.CpModel()
x, y = model.new_bool_var("x"), model.new_bool_var("y")
model.add(x + y <= 1)
model.maximize(x + 2 * y)
solver = cp_model.CpSolver()
solver.parameters.num_workers = 2
assert solver.solve(model) == cp_model.OPTIMAL and solver.objective_value == 2
assert pywraplp.Solver.CreateSolver("GLOP") is not None
# max x0 + 2 x1, x0 + x1 <= 1.5, x1 <= 1
for method in ("simplex", "ipm", "pdlp"):
    o = solve_here(np.array([1.0, 2.0]), np.array([0, 1, 3]), np.array([0, 0, 1]),
                   np.array([1.5, 1.0]), method, 5.0)
    assert o.value is not None and abs(o.value - 2.5) < 1e-3, (method, o)
print("both fine", highspy.Highs().version() if hasattr(highspy.Highs, "version") else "")
"""


ORDERS = [("highspy", "ortools.sat.python.cp_model"), ("ortools", "highspy")]


@pytest.mark.parametrize("order", ORDERS)
def test_ortools_and_highspy_solve_in_one_process(order: tuple[str, str]) -> None:
    """or-tools issue 5246: with highspy 1.15 one of the two failed to load, by import order."""
    done = subprocess.run(
        [sys.executable, "-c", BOTH, *order], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "both fine" in done.stdout


def _lp(n: int):  # type: ignore[no-untyped-def]
    return build_lp(generate("uniform-hard", n, seed=0).problem)


def test_background_solve_gives_the_same_bound_as_here() -> None:
    lp = _lp(120)
    here = solve_here(lp.cost, lp.rows_ptr, lp.rows_idx, lp.rhs, "simplex", 30)
    assert here.value is not None and here.y is not None
    for method in ("ipm", "pdlp"):
        job = LPJob(lp.cost, lp.rows_ptr, lp.rows_idx, lp.rhs, method, 30)
        got = job.result(timeout=60)
        job.stop()
        assert got is not None and got.y is not None and got.value is not None
        assert got.value == pytest.approx(here.value, rel=1e-3)
        bound = min(certified_dual_bound(lp, got.y), certified_dual_bound(lp, -got.y))
        assert bound >= here.value - 1e-6


@pytest.mark.parametrize("method", ["ipm", "pdlp"])
def test_stop_ends_the_solve_at_once(method: str) -> None:
    # Interior point takes seconds on this LP, PDLP a second or so: both stopped after 0.2 s.
    lp = _lp(1500)
    before = {t.ident for t in threading.enumerate()}
    job = LPJob(lp.cost, lp.rows_ptr, lp.rows_idx, lp.rhs, method, 60)
    time.sleep(0.2)
    assert job.running()
    started = time.perf_counter()
    job.stop()
    assert time.perf_counter() - started < 1.0
    assert not job.running()
    assert job.result() is None  # stopped: nothing to use
    assert {t.ident for t in threading.enumerate()} <= before
    if method == "pdlp":
        assert job._child is not None and job._child.returncode is not None
