"""Valid HTML: the Nu HTML Checker (vnu, from the npm package vnu-jar, run with Java) finds no
error in the markup Relais writes, on every page of a built site. The errors of Material's own
templates are listed (tests/data/vnu-material.yml and the authors' guide) and only those pass.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
KNOWN = yaml.safe_load((Path(__file__).parent / "data" / "vnu-material.yml").read_text("utf-8"))


def checker() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU.is_file():  # the README's test command installs both
        pytest.fail("vnu.jar or Java is missing: run the README's test command")
    return [java, "-jar", str(VNU)]


def from_material(message: dict[str, str]) -> bool:
    text, markup = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(k["message"]) and k["markup"] in markup for k in KNOWN)


def test_every_page_is_valid_html_but_for_material_s_own_markup(plus_site: Path) -> None:
    pages = sorted(plus_site.rglob("*.html"))
    assert len(pages) > 30
    run = subprocess.run([*checker(), "--errors-only", "--format", "json", "--skip-non-html",
                          str(plus_site)], capture_output=True, text=True, timeout=600)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [m for m in messages if m.get("type") == "error"]
    relais = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']} "
              f"[{m.get('extract', '').strip()[:80]}]" for m in errors if not from_material(m)]
    assert relais == []
    assert {m["message"][:40] for m in errors} <= {k["message"][:40] for k in KNOWN}


def test_the_checker_does_catch_an_error(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<!doctype html><html lang=fr><title>x</title><table><p><caption>x"
                    "</caption></table>", "utf-8")
    run = subprocess.run([*checker(), "--errors-only", "--format", "json", str(page)],
                         capture_output=True, text=True, timeout=120)
    assert json.loads(run.stderr)["messages"]
