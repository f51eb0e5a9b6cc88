"""The paperwork of a real workshop (issue 16): attendance sheets, the certificate of
participation and the learner's progress card, measured in the PDFs like the other documents
(glyph sizes, tags, page count, rows to sign, boxes to tick, words present) and rasterised."""

from __future__ import annotations

import atexit
import itertools
import shutil
import statistics
import tempfile
import textwrap
from datetime import date, time
from functools import cache
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from generator.check import check_repository
from generator.diagnostics import has_errors
from generator.model import Library
from generator.pdf.documents import KINDS, PrintJob, job, site_links
from generator.pdf.paperwork import first_person, progress_items
from generator.pdf.produce import produce
from generator.pdf.render import PrintRenderer
from generator.planning import Plan, french_date, session_dates

from .helpers import formatted, relais
from .test_pdf_support import (
    MM,
    PRINT_FIXTURE,
    assert_in_order,
    full_text,
    normalize,
    page_problems,
    page_texts,
    png_pages,
)
from .test_pdf_tags import _document, _elements

# The 15 sessions of the shipped « Premiers pas », the longest parcours: the certificate must
# still hold on one page with them, their dates, 9 competencies and the structure's address.
SESSIONS = [
    "Découvrir l'ordinateur et faire connaissance", "Les gestes : la souris et l'écran tactile",
    "Prendre en main son téléphone", "Appeler sa famille en vidéo",
    "Protéger son téléphone : faux SMS et mises à jour", "Révision : l'ordinateur et le téléphone",
    "Le clavier", "Naviguer sur internet", "Des mots de passe solides",
    "Créer son adresse mail", "Révision : le clavier, internet et la messagerie",
    "Envoyer et recevoir un courriel", "Reconnaître un courriel arnaque",
    "Une démarche en ligne : mon compte ameli", "Bilan et suite du parcours",
]
FICHES = ["souris", "clavier", "courriel", "bilan"]
COMPETENCES = {  # id -> (title, plain words)
    "evoluer-environnement-numerique": ("Évoluer dans un environnement numérique",
                                        "Régler ses appareils selon ses besoins"),
    "resoudre-problemes-techniques": ("Résoudre des problèmes techniques",
                                      "Faire repartir un appareil bloqué"),
    "documents-textuels": ("Développer des documents textuels",
                           "Écrire un courrier ou une lettre avec le clavier"),
    "interagir": ("Interagir", "Échanger avec ses proches par message, courriel ou appel vidéo"),
    "securiser-environnement": ("Sécuriser l'environnement numérique",
                                "Protéger ses appareils et ses comptes contre les arnaques"),
    "proteger-donnees-personnelles": ("Protéger les données personnelles et la vie privée",
                                      "Protéger sa vie privée en ligne"),
    "s-inserer-monde-numerique": ("S'insérer dans le monde numérique",
                                  "Comprendre les règles de la vie en ligne"),
    "rechercher-informations": ("Mener une recherche et une veille d'information",
                                "Chercher une information et vérifier d'où elle vient"),
    "proteger-sante-environnement": ("Protéger la santé, le bien-être et l'environnement",
                                     "Prendre soin de sa santé devant les écrans"),
}
FICHE_COMPETENCES = {
    "souris": ["evoluer-environnement-numerique", "resoudre-problemes-techniques"],
    "clavier": ["documents-textuels"],
    "courriel": ["interagir", "securiser-environnement", "proteger-donnees-personnelles"],
    "bilan": ["s-inserer-monde-numerique", "rechercher-informations",
              "proteger-sante-environnement"],
}
# Session 3 has four things to tick, the others three.
OBJECTIVES = {n: [f"Je sais faire le geste {n}.{k} tout seul." for k in range(1, 4 + (n == 3))]
              for n in range(1, len(SESSIONS) + 1)}
PLAN = Plan(date(2027, 1, 12), time(14, 0), frozenset({date(2027, 2, 16)}),
            "Salle 2, médiathèque")


def write_workshop(root: Path) -> None:
    """The print fixture (Bellac's structure), plus a CRCN référentiel its fiches are aligned
    to and a 15-session parcours whose objectives are written « Je sais… »."""
    shutil.copytree(PRINT_FIXTURE, root)
    competences = "\n".join(f"  - id: {ident}\n    titre: \"{titre}\"\n    en_clair: \"{words}\""
                            for ident, (titre, words) in COMPETENCES.items())
    (root / "referentiels").mkdir()
    (root / "referentiels" / "crcn.yml").write_text(
        f"titre: Cadre de référence des compétences numériques (CRCN)\ncompetences:\n"
        f"{competences}\n", "utf-8")
    for path in root.glob("fiches/**/*.yml"):
        ident = path.stem
        references = ", ".join(f"crcn/{c}" for c in FICHE_COMPETENCES[ident])
        path.write_text(path.read_text("utf-8") + f"competences: [{references}]\n", "utf-8")
    seances = "".join(
        f"  - titre: \"{titre}\"\n    duree: 2 h\n    fiches: [{FICHES[n % 4]}]\n"
        f"    objectifs:\n" + "".join(f"      - {o}\n" for o in OBJECTIVES[n + 1])
        for n, titre in enumerate(SESSIONS))
    (root / "parcours" / "atelier.yml").write_text(textwrap.dedent("""\
        titre: Premiers pas avec le numérique
        resume: Quinze séances pour partir de zéro.
        public: [seniors]
        niveau: debutant
        referentiels: [crcn]
        objectifs: [Utiliser un ordinateur et un téléphone.]
        seances:
        """) + seances, "utf-8")


@cache
def workshop() -> tuple[Library, dict[PrintJob, Path]]:
    """Every paperwork document of the workshop repository, rendered once."""
    scratch = Path(tempfile.mkdtemp(prefix="relais-paperwork-"))
    atexit.register(shutil.rmtree, scratch, True)
    write_workshop(scratch / "atelier")
    result = check_repository(scratch / "atelier")
    assert not has_errors(result.diagnostics), [d.format() for d in result.diagnostics]
    jobs = [
        *(job(kind, "atelier", plan=PLAN) for kind in ("emargement", "attestation", "carnet")),
        job("emargement", "atelier"), job("attestation", "atelier"),
        job("carnet", "atelier", "a4", "tres-gros", PLAN), job("carnet", "atelier", "a5"),
        # The print fixture's own parcours: objectives not written « Je sais… ».
        job("carnet", "premiers-pas"),
    ]
    production = produce(result.library, jobs, cache_folder=scratch / "cache",
                         show_progress=False)
    return result.library, {d.job: d.file for d in production.documents}


def pdf(kind: str, ident: str = "atelier", paper: str = "a4", taille: str = "normal",
        plan: Plan | None = None) -> Path:
    return workshop()[1][job(kind, ident, paper, taille, plan)]  # type: ignore[arg-type]


def _chars(path: Path) -> list[dict]:
    with pdfplumber.open(path) as document:
        return [c for page in document.pages for c in page.chars if c["text"].strip()]


ALL = [("emargement", PLAN), ("attestation", PLAN), ("carnet", PLAN), ("emargement", None),
       ("attestation", None)]


# --- the attendance sheets ----------------------------------------------------------------


def test_one_attendance_sheet_per_session_with_its_date_hours_and_structure() -> None:
    pages = page_texts(pdf("emargement", plan=PLAN))
    assert len(pages) == len(SESSIONS)  # one page each: a sheet goes to a funder on its own
    days = [date(2027, 1, 12), date(2027, 1, 19), date(2027, 1, 26), date(2027, 2, 2),
            date(2027, 2, 9), date(2027, 2, 23)]  # 16 February is skipped (--sauf)
    for number, (page, titre) in enumerate(zip(pages, SESSIONS, strict=True), start=1):
        assert_in_order(page, [
            "Feuille d'émargement", "Espace numérique de Bellac",
            f"Séance {number} sur 15 : {titre}",
            "Parcours Premiers pas avec le numérique",
            "Horaire de 14 h à 16 h",
            # Cells side by side: their second lines come after the row's first line.
            "Structure Espace numérique de", "Lieu Salle 2, médiathèque",
            "N° Nom et prénom Signature", "1", "12",
            "Nom de l'animateur ou de", "Signature de l'animateur ou de l'animatrice",
            f"Page {number} sur 15",
        ])
        if number <= len(days):
            assert f"Date {french_date(days[number - 1])}" in page
    assert "Date mardi 27 avril 2027" in pages[-1]


def test_undated_sheets_leave_lines_to_fill_in() -> None:
    pages = page_texts(pdf("emargement"))
    assert len(pages) == len(SESSIONS)
    page = pages[0]
    assert "Date Horaire de à" in page  # blank lines drawn where the words would be
    assert "Lieu 3 place de la Mairie," in page and "87300 Bellac" in page  # its address
    assert "2027" not in page


def _sign_rows(page: pdfplumber.page.Page) -> list[float]:
    """Heights, in mm, of the rows under the sign table's header on this page: the distance
    between the horizontal rules of the table, read from the drawn lines."""
    header = page.search("Nom et prénom")
    if not header:
        return []
    adviser = page.search("Nom de l'animateur")
    bottom = adviser[0]["top"] if adviser else float(page.height)
    rules: list[float] = []  # tops of the horizontal rules, each once
    for line in sorted(page.lines, key=lambda line: line["top"]):
        if abs(line["top"] - line["bottom"]) < 0.5 and (not rules or line["top"] - rules[-1] > 2):
            rules.append(line["top"])
    # From the rule above the header's words (the table's top) to the adviser's line.
    start = max((top for top in rules if top < header[0]["top"]), default=0.0)
    tops = [top for top in rules if start <= top < bottom]
    heights = [(b - a) / MM for a, b in itertools.pairwise(tops)]
    return heights[1:]  # the first is the header row


def test_twelve_rows_to_sign_each_at_least_12_mm_tall() -> None:
    with pdfplumber.open(pdf("emargement", plan=PLAN)) as document:
        for page in document.pages:
            rows = _sign_rows(page)
            assert len(rows) == 12, rows
            assert min(rows) >= 12, rows


def test_the_number_of_rows_is_a_setting(tmp_path: Path) -> None:
    root = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text("utf-8") + "      emargement_lignes: 16\n", "utf-8")
    library = check_repository(root).library
    assert library.settings.emargement_lignes == 16
    production = produce(library, [job("emargement", "premiers-pas")],
                         cache_folder=tmp_path / "cache", show_progress=False)
    with pdfplumber.open(production.documents[0].file) as document:
        rows = [row for page in document.pages for row in _sign_rows(page)]
    assert len(rows) == 16 * len(library.parcours["premiers-pas"].seances)
    assert min(rows) >= 12


def test_a_wrong_number_of_rows_is_reported_in_french(tmp_path: Path) -> None:
    root = tmp_path / "print"
    shutil.copytree(PRINT_FIXTURE, root)
    settings = root / "mkdocs.yml"
    settings.write_text(settings.read_text("utf-8") + "      emargement_lignes: 0\n", "utf-8")
    assert formatted(root) == [
        "mkdocs.yml:9:26: erreur: option « emargement_lignes » de l'extension relais invalide "
        "[reglages-invalides] (un nombre entier de lignes, de 1 à 60 (par défaut : 12))"]


# --- the certificate ----------------------------------------------------------------------


@pytest.mark.parametrize("plan", [PLAN, None], ids=["datee", "a-remplir"])
def test_the_certificate_holds_on_one_page(plan: Plan | None) -> None:
    pages = page_texts(pdf("attestation", plan=plan))
    assert len(pages) == 1
    days = session_dates(PLAN.debut, len(SESSIONS), PLAN.sauf)
    sessions = [f"{n}. {day.strftime('%d/%m/%Y') + ' : ' if plan else ''}{titre} (2 h)"
                for n, (titre, day) in enumerate(zip(SESSIONS, days, strict=True), start=1)]
    assert_in_order(pages[0], [
        "Attestation de participation", "Nom et prénom de la personne :",
        "a participé au parcours « Premiers pas avec le numérique », proposé par "
        "Espace numérique de Bellac",
        "Séances suivies (cochez chaque séance suivie)", *sessions,
        "Total des heures suivies : sur 30 h",
        "Compétences travaillées", *(words for _, words in COMPETENCES.values()),
        "Référentiel : Cadre de référence des compétences numériques (CRCN).",
        # Three blocks side by side: their lines interleave.
        "Fait à :", "Signature de", "Cachet de la", "l'animateur ou de", "structure", "Le :",
        "l'animatrice",
    ])
    assert ("23/02/2027 : Révision" in pages[0]) == (plan is not None)  # 16/02 is skipped


def test_each_session_of_the_certificate_has_a_box_to_tick() -> None:
    with pdfplumber.open(pdf("attestation", plan=PLAN)) as document:
        page = document.pages[0]
        boxes = _squares(page, 4.2 + 2 * 0.4)
        numbers = [w for w in page.extract_words() if w["text"] in
                   {f"{n}." for n in range(1, 16)}]
    assert len(boxes) == len(SESSIONS)
    for box in boxes:  # each on the line of a session, before its number
        assert any(abs(box["top"] - n["top"]) < 3 * MM and box["x1"] < n["x0"] for n in numbers)


def test_a_parcours_without_competencies_prints_none() -> None:
    library = check_repository(PRINT_FIXTURE).library  # no référentiel at all
    html = PrintRenderer(library).html(job("attestation", "premiers-pas"))
    assert "Compétences travaillées" not in html
    assert "1. La souris et le clavier (3" in html and "sur 6" in html


# --- the progress card --------------------------------------------------------------------


def _squares(page: pdfplumber.page.Page, side_mm: float) -> list[dict]:
    found = [r for r in page.rects if abs(r["width"] - side_mm * MM) < 0.6
             and abs(r["height"] - side_mm * MM) < 0.6]
    return list({(round(r["x0"]), round(r["top"])): r for r in found}.values())


def test_the_progress_card_speaks_to_the_learner_session_by_session() -> None:
    text = full_text(pdf("carnet", plan=PLAN))
    expected = ["Mon carnet de progrès", "Premiers pas avec le numérique",
                "Ce carnet appartient à :",
                "Après chaque séance, lisez chaque phrase. Cochez une case : « pas encore », "
                "« avec aide » ou « seul(e) »."]
    for number, titre in enumerate(SESSIONS, start=1):
        expected.append(f"Séance {number} : {titre}")
        if number == 1:
            expected.append("Le mardi 12 janvier 2027")
        for objective in OBJECTIVES[number]:
            expected += [objective, "pas encore avec aide seul(e)"]
    expected += ["Mes compétences numériques",
                 *(words for _, words in COMPETENCES.values())]
    assert_in_order(text, expected)
    assert "Ce que j'apprends" not in text  # the objectives say « Je sais… » themselves


@pytest.mark.parametrize("taille", ["normal", "tres-gros"])
def test_three_boxes_for_each_thing_learnt(taille: str) -> None:
    side = 9.4 if taille == "normal" else 10.4  # the box and its border
    boxes = 0
    with pdfplumber.open(pdf("carnet", taille=taille, plan=PLAN)) as document:
        for page in document.pages:
            labels = page.search("pas encore avec aide seul(e)", regex=False)
            found = _squares(page, side)
            assert len(found) == 3 * len(labels)
            boxes += len(found)
    assert boxes == 3 * sum(len(items) for items in OBJECTIVES.values())


@pytest.mark.parametrize("taille", ["normal", "tres-gros"])
def test_the_progress_card_is_in_large_print(taille: str) -> None:
    chars = _chars(pdf("carnet", taille=taille, plan=PLAN))
    body = [round(c["size"], 1) for c in chars if "Bold" not in c["fontname"]]
    assert min(round(c["size"], 1) for c in chars) >= (14 if taille == "normal" else 16)
    assert statistics.median(body) >= (16 if taille == "normal" else 20)
    with pdfplumber.open(pdf("carnet", taille=taille, plan=PLAN)) as document:
        sizes = [round(c["size"], 1) for page in document.pages
                 for found in page.search("Je sais faire le geste", return_chars=True)
                 for c in found["chars"] if c["text"].strip()]
    assert len(sizes) > 40 * 15 and min(sizes) >= (17 if taille == "normal" else 22)


def test_objectives_not_written_je_sais_print_as_they_are() -> None:
    """No machine-made « Je sais… »: the session's objectives, else its fiches' objectives for
    the learner, under « Ce que j'apprends »."""
    library = workshop()[0]
    premiers_pas = library.parcours["premiers-pas"]
    fiches = [[library.fiches[i] for i in s.fiches] for s in premiers_pas.seances]
    assert progress_items(premiers_pas.seances[0], fiches[0]) == [
        "Cliquer et double-cliquer.", "Écrire son prénom."]
    assert progress_items(premiers_pas.seances[1], fiches[1]) == [
        "Vous saurez ouvrir et lire un courriel."]
    assert not first_person(progress_items(premiers_pas.seances[0], fiches[0]))
    assert first_person(OBJECTIVES[1])
    assert_in_order(full_text(pdf("carnet", "premiers-pas")), [
        "Séance 1 : La souris et le clavier", "Ce que j'apprends :",
        "Cliquer et double-cliquer.", "pas encore avec aide seul(e)",
        "Séance 2 : Les courriels", "Vous saurez ouvrir et lire un courriel.",
        "Séance 3 : Révisions et bilan", "Refaire les gestes de la souris sans aide."])


def test_the_a5_progress_card_is_imposed_and_fills_its_sheets() -> None:
    with pdfplumber.open(pdf("carnet", paper="a5")) as document:
        width, height = document.pages[0].width, document.pages[0].height
    assert (round(width), round(height)) == (842, 595)  # A5 pages, two per A4 sheet
    assert page_problems(pdf("carnet", paper="a5")) == []


# --- measured like every document ---------------------------------------------------------


@pytest.mark.parametrize(("kind", "plan"), ALL)
def test_every_glyph_is_at_least_14_points(kind: str, plan: Plan | None) -> None:
    sizes = [round(c["size"], 1) for c in _chars(pdf(kind, plan=plan))]
    assert len(sizes) > 300 and min(sizes) >= 14


@pytest.mark.parametrize(("kind", "plan"), ALL)
def test_tagged_in_french_with_a_title_one_h1_and_scoped_header_cells(
        kind: str, plan: Plan | None) -> None:
    document = pikepdf.open(pdf(kind, plan=plan))
    assert str(document.Root.Lang) == "fr"
    assert bool(document.Root.ViewerPreferences.DisplayDocTitle)
    title = {"emargement": "feuilles d'émargement", "attestation": "attestation de participation",
             "carnet": "mon carnet de progrès"}[kind]
    assert str(document.docinfo.Title) == f"Premiers pas avec le numérique — {title}"
    elements = list(_elements(_document(document)))
    headings = [str(e.S) for e in elements if str(e.S) in ("/H1", "/H2", "/H3")]
    assert headings.count("/H1") == 1 and headings[0] == "/H1" and "/H3" not in headings
    cells = [e for e in elements if str(e.S) == "/TH"]
    assert all(str(cell.A.Scope) in ("/Row", "/Column") for cell in cells)
    if kind == "emargement":
        tables = [e for e in elements if str(e.S) == "/Table"]
        assert len(tables) == 2 * len(SESSIONS)  # the facts and the rows to sign, per sheet
        assert {str(c.A.Scope) for c in cells} == {"/Row", "/Column"}
        rows = [k for k in _elements(tables[1]) if str(k.S) == "/TR"]
        assert len(rows) == 1 + 12
    if kind == "carnet":  # each thing learnt is an item of a list, boxes left out as artifacts
        items = [e for e in elements if str(e.S) == "/LI"]
        assert len(items) >= sum(len(o) for o in OBJECTIVES.values())
        assert not [e for e in elements if str(e.S) == "/Figure"]


@pytest.mark.parametrize(("kind", "plan"), ALL)
def test_no_blank_or_overflowing_page(kind: str, plan: Plan | None) -> None:
    assert page_problems(pdf(kind, plan=plan)) == []


def test_the_pages_look_like_forms() -> None:
    """Rasterised: the sheet is mostly its grid; the certificate's lower part holds the boxes
    to sign, not empty paper."""
    sheet = png_pages(pdf("emargement", plan=PLAN))[0]
    width, height = sheet.size
    grid = sheet.crop((0, height // 3, width, height * 5 // 6))
    assert sum(grid.histogram()[:128]) > 0.02 * grid.width * grid.height  # dark lines drawn
    certificate = png_pages(pdf("attestation", plan=PLAN))[0]
    bottom = certificate.crop((0, certificate.height * 4 // 5, certificate.width,
                               certificate.height * 9 // 10))
    assert sum(bottom.histogram()[:128]) > 0


# --- on the site, and from `relais pdf` ---------------------------------------------------


def test_the_parcours_page_links_the_paperwork() -> None:
    library = workshop()[0]
    links = dict(site_links(library.parcours["atelier"]))
    assert links[KINDS["emargement"].path("atelier")] == \
        "Télécharger les feuilles d'émargement (PDF)"
    assert links[KINDS["attestation"].path("atelier")] == \
        "Télécharger l'attestation de participation (PDF)"
    assert links[KINDS["carnet"].path("atelier")] == "Télécharger le carnet de progrès (PDF)"
    assert KINDS["carnet"].path("atelier") == "pdf/parcours/atelier-carnet-de-progres.pdf"


def test_relais_pdf_dates_the_paperwork_of_one_parcours(tmp_path: Path) -> None:
    root = tmp_path / "atelier"
    write_workshop(root)
    out = tmp_path / "imprimer"
    run = relais("pdf", root, "-o", out, "--parcours", "atelier", "--debut", "12/01/2027",
                 "--jour", "mardi", "--heure", "14h", "--sauf", "2027-02-16")
    assert run.returncode == 0, run.stderr
    assert normalize("« Premiers pas avec le numérique » : 15 séance(s) datée(s), du mardi 12 "
                     "janvier 2027 au mardi 27 avril 2027, à 14 h.") in normalize(run.stderr)
    dated = page_texts(out / "parcours" / "atelier-emargement.pdf")
    assert "Date mardi 12 janvier 2027" in dated[0] and "Horaire de 14 h à 16 h" in dated[0]
    assert "Date mardi 23 février 2027" in dated[5]
    # The other parcours keeps lines to fill in.
    assert "2027" not in full_text(out / "parcours" / "premiers-pas-emargement.pdf")
    assert "12/01/2027 : Découvrir" in full_text(out / "parcours" / "atelier-attestation.pdf")


@pytest.mark.parametrize(("options", "message"), [
    (["--debut", "2027-01-12", "--heure", "14:00"],
     "--debut date les séances d'un parcours : choisissez-le avec --parcours ID (parcours du "
     "dépôt : atelier, premiers-pas)"),
    (["--parcours", "ateliers", "--debut", "2027-01-12", "--heure", "14:00"],
     "parcours « ateliers » inconnu (vouliez-vous dire « atelier » ?)"),
    (["--parcours", "atelier", "--debut", "2027-01-12"],
     "pour dater les séances de « atelier », donnez aussi --heure"),
    (["--parcours", "atelier", "--debut", "2027-01-12", "--heure", "14:00", "--jour", "lundi"],
     "le 2027-01-12 est un mardi, pas un lundi (corrigez --debut ou --jour)"),
    (["--parcours", "atelier", "--debut", "9999-12-01", "--heure", "14:00"],
     "les séances iraient au-delà du 31/12/9998"),
])
def test_wrong_dates_are_usage_errors_in_french(tmp_path: Path, options: list[str],
                                                message: str) -> None:
    root = tmp_path / "atelier"
    write_workshop(root)
    run = relais("pdf", root, "-o", tmp_path / "imprimer", *options)
    assert run.returncode == 2
    assert message in normalize(run.stderr) and "Traceback" not in run.stderr
    assert not (tmp_path / "imprimer").exists()
