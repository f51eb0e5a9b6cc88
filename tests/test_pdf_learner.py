"""Learner sheets a person new to computers can follow alone, measured in the PDFs (issue 11):
large type, ticking boxes, answer kinds, « Mon aide-mémoire », French spacing, no wasted page,
step pictures that print large enough to read, A5 booklets that fill their sheets."""

from __future__ import annotations

import shutil
import statistics
from pathlib import Path

import pdfplumber
import pytest

from generator.check import check_repository
from generator.helplines import shipped_numbers
from generator.learner_words import help_lines
from generator.pdf.documents import job, pdf_path
from generator.pdf.impose import saddle_stitch_order
from generator.pdf.produce import produce
from generator.pdf.render import running_header

from .test_pdf_support import (
    MM,
    PAGE_NUMBER,
    PRINT_FIXTURE,
    full_text,
    halves,
    logical_pages,
    normalize,
    page_count_of,
    page_texts,
    printed,
    text_lines,
)


def _learner_jobs() -> list[str]:
    return [j.path for j in printed().jobs if j.kind in ("fiche-apprenant", "livret")]


def _jobs_with_steps() -> list[str]:
    """Learner documents that print at least one step (a fiche may have none)."""
    library = printed().library

    def steps(job: object) -> bool:
        idents = ([job.ident] if job.kind == "fiche-apprenant"  # type: ignore[attr-defined]
                  else [i for s in library.parcours[job.ident].seances  # type: ignore[attr-defined]
                        for i in s.fiches])
        return any(library.fiches[i].apprenant.etapes for i in idents if i in library.fiches)

    return [j.path for j in printed().jobs
            if j.kind in ("fiche-apprenant", "livret") and steps(j)]


def _chars(pdf: Path) -> list[dict]:
    with pdfplumber.open(pdf) as document:
        return [c for page in document.pages for c in page.chars if c["text"].strip()]


def _size(char: dict) -> float:
    return round(char["size"], 1)


# --- large type, by measurement -----------------------------------------------------------


@pytest.mark.parametrize("path", _learner_jobs())
def test_learner_documents_are_large_print(path: str) -> None:
    """Every character 14 pt at least; body text 16 pt (UKAAF large print), 20 pt in the
    « très gros caractères » edition; on A4 and in the imposed A5 booklet alike."""
    chars = _chars(printed().pdf(path))
    body = [_size(c) for c in chars if "Bold" not in c["fontname"]]
    assert min(_size(c) for c in chars) >= 14
    assert statistics.median(body) >= (20 if "-tres-gros" in path else 16)


@pytest.mark.parametrize("path", _jobs_with_steps())
def test_steps_print_at_17_points_at_least(path: str) -> None:
    library = printed().library
    document_job = next(j for j in printed().jobs if j.path == path)
    fiches = ([library.fiches[document_job.ident]] if document_job.kind == "fiche-apprenant"
              else [library.fiches[i] for s in library.parcours[document_job.ident].seances
                    for i in s.fiches])
    # The first words of each step, when nothing else of the document starts so.
    others = " ".join(normalize(t) for fiche in fiches for t in (
        *fiche.apprenant.objectifs, *fiche.objectifs, fiche.apprenant.introduction or "",
        *fiche.apprenant.a_retenir, *(e.texte for e in fiche.apprenant.exercices)))
    starts = {start for fiche in fiches for step in fiche.apprenant.etapes
              if (start := " ".join(step.texte.replace("*", "").split()[:3])) not in others}
    assert starts, "every step starts like another text of the document: nothing to measure"
    sizes = []
    with pdfplumber.open(printed().pdf(path)) as document:
        for page in document.pages:
            for start in starts:
                for found in page.search(start, regex=False, return_chars=True):
                    sizes += [_size(c) for c in found["chars"] if c["text"].strip()]
    assert len(sizes) > 20
    assert min(sizes) >= (22 if "-tres-gros" in path else 17)


def test_step_pictures_print_their_words_at_14_points_on_a4_and_a5() -> None:
    """« Entrée » is written inside the fixture's keyboard drawing, at the size Relais prints
    step pictures (print_sizes.STEP_IMAGE), which the check uses too."""
    for path in (pdf_path("fiche-apprenant", "clavier"),
                 pdf_path("fiche-apprenant", "clavier", "a5")):
        with pdfplumber.open(printed().pdf(path)) as document:
            drawn = [c for page in document.pages for c in page.chars
                     if c["text"] in "Entrée" and "Andika" in c["fontname"]
                     and any(i["x0"] <= c["x0"] <= i["x1"] and i["top"] <= c["top"] <= i["bottom"]
                             for i in page.images + page.rects if i["width"] > 80 * MM)]
        assert drawn, path
        assert min(_size(c) for c in drawn) >= 14, path


# --- FALC layout: boxes to tick, answer kinds, objectives for the learner -----------------


def _squares(page: pdfplumber.page.Page, side_mm: float) -> list[dict]:
    """Square boxes of `side_mm` drawn on the page (a border is drawn as two boxes)."""
    found = [c for c in page.rects if abs(c["width"] - side_mm * MM) < 0.5
             and abs(c["height"] - side_mm * MM) < 0.5]
    return list({(round(c["x0"]), round(c["top"])): c for c in found}.values())


def test_each_step_has_a_box_to_tick_before_its_number() -> None:
    fiche = printed().library.fiches["souris"]
    boxes = 0
    with pdfplumber.open(printed().pdf(pdf_path("fiche-apprenant", "souris"))) as document:
        for page in document.pages:
            numbers = [c for c in page.chars if c["size"] > 20 and c["text"].isdigit()
                       and c["non_stroking_color"] in ((1, 1, 1), [1, 1, 1])]
            for square in _squares(page, 7):
                # On the line of a step number, to its left.
                assert any(abs(square["top"] - n["top"]) < 8 * MM and square["x1"] < n["x0"]
                           for n in numbers)
                boxes += 1
    assert boxes == len(fiche.apprenant.etapes)


def _write_lines(page: pdfplumber.page.Page) -> list[float]:
    """Where the ruled writing lines of a page are drawn (the 0.3 mm bottom border of a box)."""
    return sorted({round(r["bottom"]) for r in page.rects
                   if r["width"] > 100 * MM and 9 * MM < r["height"] < 14 * MM})


def test_exercises_say_the_answer_they_expect_and_lines_only_to_write() -> None:
    fiche = printed().library.fiches["souris"]
    pdf = printed().pdf(pdf_path("fiche-apprenant", "souris"))
    text = full_text(pdf)
    exercises = text.split("Exercices", 1)[1]
    labels = [{"faire": "À faire", "dire": "À dire à voix haute",
               "ecrire": "À écrire sur les lignes"}[e.reponse] for e in fiche.apprenant.exercices]
    position = 0
    for label, exercise in zip(labels, fiche.apprenant.exercices, strict=True):
        found = exercises.find(f"{label} {exercise.texte}", position)
        assert found >= position, (label, exercise.texte)
        position = found
    with pdfplumber.open(pdf) as document:
        ruled = [(page, top) for page in document.pages for top in _write_lines(page)]
        written = next(p for p in document.pages if p.search("Écrivez ici le geste"))
        said = next(p for p in document.pages if p.search("Dites à votre voisin"))
    under_written = [top for page, top in ruled if page is written
                     and top > written.search("Écrivez ici le geste")[0]["bottom"]
                     and top < written.search("Les mots à connaître")[0]["top"]]
    assert len(under_written) == 3  # the only `ecrire` exercise of the sheet
    first_help_line = said.search(help_lines()[0])
    between = [top for page, top in ruled if page is said
               and said.search("Dites à votre voisin")[0]["bottom"] < top
               < said.search("Écrivez ici le geste")[0]["top"]]
    assert between == [] and first_help_line is not None


def test_learner_sheet_prints_the_learners_objectives() -> None:
    library = printed().library
    souris = full_text(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    assert "Vous saurez tenir la souris sans vous crisper." in souris
    assert library.fiches["souris"].objectifs[0] not in souris
    # A fiche without learner objectives prints the trainer's (and the check warns).
    bilan = library.fiches["bilan"]
    assert not bilan.apprenant.objectifs
    assert bilan.objectifs[0] in full_text(printed().pdf(pdf_path("fiche-apprenant", "bilan")))


# --- « Mon aide-mémoire » -------------------------------------------------------------------


@pytest.mark.parametrize("path", _learner_jobs())
def test_every_learner_document_ends_with_the_help_box(path: str) -> None:
    pages = logical_pages(printed().pdf(path))
    # The last page (in an imposed document, the last sheet, after « Notes » pages at most).
    last = " ".join(pages[-4:]) if "-a5-" in path else pages[-1]
    assert "Mon aide-mémoire" in last and "N'écrivez jamais un mot de passe" in last
    text = " ".join(pages)
    box = text[text.rindex("Mon aide-mémoire Espace numérique de Bellac"):]
    for expected in ("Espace numérique de Bellac", "3 place de la Mairie, 87300 Bellac",
                     "Téléphone : 05 55 00 00 00", "Horaires : Mardi et jeudi : 9 h – 12 h",
                     *(f"{label} :" for label in help_lines())):
        assert expected in box, expected
    assert not any("passe" in label or "code" in label for label in help_lines())


def test_booklets_list_the_national_help_numbers_with_their_use() -> None:
    text = full_text(printed().pdf(pdf_path("livret", "premiers-pas")))
    help_page = text.split("Mon aide-mémoire")[-1]
    for numero in shipped_numbers():
        assert f"{numero.usage} : {numero.numero}" in help_page
    assert "Pour signaler un SMS bizarre : 33700" in help_page
    # A sheet keeps the numbers for the booklet: its help box is to fill in.
    assert "33700" not in full_text(printed().pdf(pdf_path("fiche-apprenant", "souris")))


def test_help_numbers_name_an_official_source_and_a_date() -> None:
    numbers = shipped_numbers()
    assert {"33700", "17cyber.gouv.fr"} <= {n.numero for n in numbers}
    for numero in numbers:
        assert (numero.source.startswith("https://www.") and ".gouv.fr/" in numero.source) \
            or numero.source.startswith("https://www.service-public.fr/")
        assert len(numero.verifie_le) == 10 and numero.verifie_le[:2] == "20"
        assert numero.usage[0].isupper() and not numero.usage.endswith((":", "."))


# --- French typography, no wasted page ----------------------------------------------------


@pytest.mark.parametrize("path", [j.path for j in printed().jobs if not j.imposed])
def test_no_line_starts_with_a_closing_sign_nor_ends_with_an_opening_quote(path: str) -> None:
    checked = 0
    for page in text_lines(printed().pdf(path)):
        for line in page:
            text = line["text"].strip()
            checked += 1
            assert not text.startswith((":", "»", "?", "!", ";")), text
            assert not text.endswith("«"), text
    assert checked > 5


def test_the_fixture_tests_french_spacing_where_lines_could_break() -> None:
    """The sheets do hold « : » and guillemets typed with ordinary spaces by the authors."""
    html = printed().html(next(j for j in printed().jobs
                               if j.path == pdf_path("fiche-apprenant", "souris")))
    assert "cliquer\u00a0: une fois" in html and "temps\u00a0: ces" in html
    assert " :" not in html.split("</style>")[1]


@pytest.mark.parametrize("path", [j.path for j in printed().jobs
                                  if j.kind == "fiche-apprenant" and not j.imposed])
def test_no_learner_sheet_ends_on_a_nearly_empty_page(path: str) -> None:
    pages = text_lines(printed().pdf(path))
    body = [line for line in pages[-1] if not PAGE_NUMBER.search(line["text"])
            and line["top"] > 21 * MM]
    assert len(body) >= 7, [line["text"] for line in body]


# --- A5 booklets --------------------------------------------------------------------------


@pytest.mark.parametrize("path", [j.path for j in printed().jobs
                                  if j.imposed and j.kind in ("fiche-apprenant", "livret")])
def test_imposed_learner_documents_fill_their_last_sheet(path: str) -> None:
    """No blank page at the end: spare « Notes » pages fill the last folded sheet."""
    count = page_count_of([text for side in halves(printed().pdf(path)) for text in side])
    assert all(None not in side for side in saddle_stitch_order(count))


@pytest.mark.parametrize("path", [j.path for j in printed().jobs if j.imposed])
def test_a5_characters_keep_10_mm_from_the_edges_and_12_from_the_fold(path: str) -> None:
    with pdfplumber.open(printed().pdf(path)) as document:
        for page in document.pages:
            width, height = float(page.width), float(page.height)
            for char in page.chars:
                if not char["text"].strip():
                    continue
                assert char["top"] >= 10 * MM and char["bottom"] <= height - 10 * MM, char
                assert char["x0"] >= 10 * MM and char["x1"] <= width - 10 * MM, char
                fold = width / 2
                assert char["x1"] <= fold - 12 * MM or char["x0"] >= fold + 12 * MM, char


def test_running_headers_are_shortened_with_an_ellipsis() -> None:
    title = "Séance 12 : Se protéger des arnaques et faire les mises à jour de l'ordinateur"
    short = running_header(title, "a5")
    assert short.endswith("…") and len(short) <= 38
    assert title.startswith(short[:-1].replace("\u00a0", " "))
    assert not short[:-1].endswith(" ")
    assert running_header("Séance 1 : La souris", "a5") == "Séance 1\u00a0: La souris"


def test_a5_running_header_fits_one_line(tmp_path: Path) -> None:
    root = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    parcours = root / "parcours" / "premiers-pas.yml"
    long_title = "Se protéger des arnaques, faire les mises à jour et ranger ses mots de passe"
    parcours.write_text(parcours.read_text("utf-8").replace("Les courriels", long_title),
                        "utf-8")
    library = check_repository(root).library
    booklet = job("livret", "premiers-pas", "a5")
    production = produce(library, [booklet], cache_folder=tmp_path / "cache",
                         show_progress=False)
    pdf = production.documents[0].file
    headers = 0
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            middle = float(page.width) / 2
            for left in (0, middle):
                top = [c for c in page.chars if c["top"] < 17 * MM and c["text"].strip()
                       and left <= c["x0"] < left + middle]
                if top:
                    headers += 1
                    assert max(c["top"] for c in top) - min(c["top"] for c in top) < 1
                    assert max(c["x1"] for c in top) < left + middle - 10 * MM
    texts = " ".join(page_texts(pdf))
    expected = normalize(running_header(f"Séance 2 : {long_title}", "a5"))
    assert headers > 5 and expected.endswith("…") and expected in texts


def test_normalize_keeps_no_break_spaces_comparable() -> None:
    assert normalize("Séance\u00a01\u00a0: titre") == "Séance 1 : titre"
