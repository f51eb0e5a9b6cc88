"""Work shared with a forked helper process: same results, in order, whatever the helper does."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from benchmarks.synthetic import make_repository
from generator import load
from generator.check import check_repository
from generator.shared_work import MINIMUM, share, share_then
from generator.site.render import render_site


def _square_and_pid(number: int) -> tuple[int, int]:
    return number * number, os.getpid()


def _slowly(value: str) -> str:
    time.sleep(0.3)  # long enough for the helper to start and claim batches
    return value


def test_results_come_back_in_order_and_both_processes_work() -> None:
    numbers = list(range(400))
    results, other = share(numbers, _square_and_pid, lambda: _slowly("ailleurs"))
    assert other == "ailleurs"
    assert [square for square, _ in results] == [n * n for n in numbers]
    assert {pid for _, pid in results} - {os.getpid()}, "the helper did part of the work"


def test_then_runs_here_once_on_each_result_in_order() -> None:
    here = os.getpid()
    seen: list[int] = []

    def then(index: int, result: tuple[int, int]) -> tuple[int, int, int]:
        seen.append(index)
        assert os.getpid() == here
        return index, *result

    results, other = share_then(list(range(400)), _square_and_pid, then,
                                lambda: _slowly("ailleurs"))
    assert other == "ailleurs"
    assert [(index, square) for index, square, _ in results] == [(n, n * n) for n in range(400)]
    assert sorted(seen) == list(range(400))
    assert {pid for _, _, pid in results} - {here}, "the helper did part of the work"


def test_short_lists_and_serial_runs_stay_in_this_process() -> None:
    for numbers, parallel in ((list(range(MINIMUM - 1)), True), (list(range(400)), False)):
        results, _ = share(numbers, _square_and_pid, lambda: None, parallel=parallel)
        assert {pid for _, pid in results} == {os.getpid()}


def test_what_the_helper_fails_to_do_is_done_here(capfd: pytest.CaptureFixture[str]) -> None:
    parent = os.getpid()

    def only_here(number: int) -> int:
        if os.getpid() != parent:
            raise RuntimeError("le processus auxiliaire échoue")
        return number + 1

    results, _ = share(list(range(400)), only_here, lambda: _slowly(""))
    assert results == [n + 1 for n in range(400)]
    assert "Traceback" not in capfd.readouterr().err  # the helper's failure stays silent


def test_an_error_in_the_work_is_raised_here() -> None:
    def fails_on_300(number: int) -> int:
        if number == 300:
            raise ValueError("élément 300")
        return number

    with pytest.raises(ValueError, match="élément 300"):
        share(list(range(400)), fails_on_300, lambda: None)


def test_an_error_here_stops_the_helper() -> None:
    def fails() -> None:
        raise KeyError("ailleurs")

    with pytest.raises(KeyError):
        share(list(range(400)), _slowly, fails)
    assert multiprocessing.active_children() == []


def test_parallel_check_and_render_match_serial_ones(tmp_path: Path) -> None:
    root = make_repository(tmp_path / "contenu", 2 * MINIMUM)
    load._parse_cache.clear()
    serial = load.load_library(root)
    load._parse_cache.clear()
    shared = load.load_library(root, parallel=True)
    assert len(load._parse_cache) == 2 * MINIMUM + len(shared.library.parcours) + 1
    assert shared.diagnostics == serial.diagnostics
    for kind in ("fiches", "parcours", "referentiels"):
        assert {k: d.model_dump() for k, d in getattr(shared.library, kind).items()} == {
            k: d.model_dump() for k, d in getattr(serial.library, kind).items()}

    library = check_repository(root).library
    assert render_site(library, parallel=True) == render_site(library)
