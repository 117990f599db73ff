"""HiGHS (through `highspy`) on the bound's LPs: here, in a background thread, or in a child.

max cost.x subject to A x <= rhs, x >= 0, with A a 0/1 matrix given column-wise. Three ways:

- `solve_here`: in the calling thread, until HiGHS ends (time limit or solved);
- `LPJob` with the simplex method or interior point: in a background thread, stopped through
  HiGHS's interrupt callbacks (`Highs.cancelSolve`, checked at every iteration);
- `LPJob` with PDLP: HiGHS's PDLP checks no interrupt callback, so it runs in a child process
  (this file run as a script), which `stop` kills.

`LPJob.stop()` returns only once nothing is left running: a solve left running in a thread when
the interpreter exits aborts the process ("terminate called without an active exception").

This module imports nothing from Grappe, so that the child starts with numpy and highspy only.
ortools 9.15 loads its own HiGHS 1.12 as `libhighs.so.1`; highspy 1.15 shipped a different
`libhighs.so.1`, and whichever was loaded first broke the other (or-tools issue 5246). The
highspy releases allowed in pyproject.toml link HiGHS statically; a test solves with both.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# HiGHS presolve with interior point or PDLP (no crossover) may come back with status "unknown"
# and no solution at all after postsolve, so it is off for them; the simplex method needs it
# (ten times slower without).
PRESOLVE = {"simplex": "on", "ipm": "off", "pdlp": "off"}


@dataclass(frozen=True)
class LPOutcome:
    """What HiGHS returned: row duals and primal values (None when it has none), objective."""

    y: FloatArray | None
    x: FloatArray | None
    value: float | None
    status: str


class _QuietHighs(highspy.Highs):
    """highspy's `Highs`, silent from the start (it prints a banner on standard output when its
    callbacks are set up, which would corrupt a schedule written there)."""

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def enableCallbacks(self) -> None:
        self.setOptionValue("output_flag", False)
        super().enableCallbacks()  # type: ignore[no-untyped-call]


def _highs(
    cost: FloatArray,
    start: IntArray,
    index: IntArray,
    rhs: FloatArray,
    method: str,
    time_limit: float,
) -> Any:
    h = _QuietHighs()
    options: dict[str, Any] = {
        "output_flag": False,
        "solver": method,
        "time_limit": float(max(time_limit, 0.01)),
        "presolve": PRESOLVE.get(method, "on"),
        # One thread everywhere: HiGHS's task scheduler is shared by the whole process, and
        # the second core is the search's.
        "threads": 1,
    }
    if method == "ipm":
        options["run_crossover"] = "off"
    for key, value in options.items():
        h.setOptionValue(key, value)
    n_col, n_row = len(cost), len(rhs)
    lp = highspy.HighsLp()
    lp.num_col_ = n_col
    lp.num_row_ = n_row
    lp.sense_ = highspy.ObjSense.kMaximize
    lp.col_cost_ = np.asarray(cost, dtype=np.float64)
    lp.col_lower_ = np.zeros(n_col)
    lp.col_upper_ = np.full(n_col, highspy.kHighsInf)
    lp.row_lower_ = np.full(n_row, -highspy.kHighsInf)
    lp.row_upper_ = np.asarray(rhs, dtype=np.float64)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.num_col_ = n_col
    lp.a_matrix_.num_row_ = n_row
    lp.a_matrix_.start_ = np.asarray(start, dtype=np.int32)
    lp.a_matrix_.index_ = np.asarray(index, dtype=np.int32)
    lp.a_matrix_.value_ = np.ones(len(index))
    h.passModel(lp)
    return h


def _outcome(h: Any) -> LPOutcome:
    status = h.modelStatusToString(h.getModelStatus())
    sol = h.getSolution()
    y = np.asarray(sol.row_dual, dtype=np.float64) if sol.dual_valid else None
    x = np.asarray(sol.col_value, dtype=np.float64) if sol.value_valid else None
    value = float(h.getInfo().objective_function_value) if x is not None else None
    return LPOutcome(y, x, value, status)


def solve_here(
    cost: FloatArray,
    start: IntArray,
    index: IntArray,
    rhs: FloatArray,
    method: str = "simplex",
    time_limit: float = 30.0,
) -> LPOutcome:
    """Solve in the calling thread (HiGHS releases the GIL meanwhile)."""
    h = _highs(cost, start, index, rhs, method, time_limit)
    h.run()
    return _outcome(h)


class LPJob:
    """One LP solved in the background; `stop()` ends it, `result()` waits for it."""

    def __init__(
        self,
        cost: FloatArray,
        start: IntArray,
        index: IntArray,
        rhs: FloatArray,
        method: str,
        time_limit: float,
    ) -> None:
        self.method = method
        self._outcome: LPOutcome | None = None
        self._stopped = threading.Event()
        self._lock = threading.Lock()
        self._highs: Any = None
        self._child: subprocess.Popen[bytes] | None = None
        if method == "pdlp":
            payload = io.BytesIO()
            np.savez(payload, cost=cost, start=start, index=index, rhs=rhs)
            options = json.dumps({"method": method, "time_limit": time_limit}).encode()
            self._child = subprocess.Popen(
                [sys.executable, "-P", str(Path(__file__).resolve())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
            message = len(options).to_bytes(4, "big") + options + payload.getvalue()
            self._thread = threading.Thread(
                target=self._wait_child, args=(message,), name="grappe-lp", daemon=True
            )
        else:
            self._highs = _highs(cost, start, index, rhs, method, time_limit)
            self._highs.HandleUserInterrupt = True
            self._thread = threading.Thread(target=self._run, name="grappe-lp", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        self._highs.run()
        if not self._stopped.is_set():
            self._outcome = _outcome(self._highs)

    def _wait_child(self, message: bytes) -> None:
        child = self._child
        assert child is not None
        try:
            out, _ = child.communicate(message)
        except (BrokenPipeError, OSError, ValueError):
            return
        if child.returncode == 0 and out and not self._stopped.is_set():
            self._outcome = _read_outcome(out)

    def running(self) -> bool:
        return self._thread.is_alive()

    def stop(self) -> None:
        """Interrupt the solve and wait until nothing of it runs any more."""
        with self._lock:
            self._stopped.set()
            if self._highs is not None:
                self._highs.cancelSolve()
            if self._child is not None and self._child.poll() is None:
                self._child.kill()
        self._thread.join()
        if self._child is not None:
            self._child.wait()

    def result(self, timeout: float | None = None) -> LPOutcome | None:
        """Wait (at most `timeout` seconds) for the solve; its outcome, None if stopped or
        still running."""
        self._thread.join(timeout)
        if self._thread.is_alive():
            return None
        return self._outcome


def _write_outcome(o: LPOutcome) -> bytes:
    buf = io.BytesIO()
    arrays: dict[str, Any] = {"value": np.array([np.nan if o.value is None else o.value])}
    for name, array in (("y", o.y), ("x", o.x)):
        if array is not None:
            arrays[name] = array
    np.savez(buf, **arrays)
    status = o.status.encode()
    return len(status).to_bytes(4, "big") + status + buf.getvalue()


def _read_outcome(data: bytes) -> LPOutcome:
    n = int.from_bytes(data[:4], "big")
    status = data[4 : 4 + n].decode()
    with np.load(io.BytesIO(data[4 + n :])) as arrays:
        y = arrays.get("y", None)
        x = arrays.get("x", None)
        value = float(arrays["value"][0])
    return LPOutcome(y, x, None if np.isnan(value) else value, status)


def _child_main() -> int:
    data = sys.stdin.buffer.read()
    n = int.from_bytes(data[:4], "big")
    options = json.loads(data[4 : 4 + n])
    with np.load(io.BytesIO(data[4 + n :])) as a:
        outcome = solve_here(
            a["cost"], a["start"], a["index"], a["rhs"], options["method"], options["time_limit"]
        )
    sys.stdout.buffer.write(_write_outcome(outcome))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child_main())
