"""Annexes of a fiche: cards, examples and scripts the trainer prints and cuts.

The model and the check (French errors with positions, sanitising, plain-language rules for
learner annexes only), the card grid chosen from the measured length of the cards, then one
small site built with its PDFs: the annexes PDF is measured like the other documents (fonts,
glyph sizes, tags, pages, text), its cutting grid is found and measured with pdfplumber, it is
looked at as PNG, and the fiche's page links it beside the trainer sheet."""

from __future__ import annotations

import itertools
import re
import shutil
import statistics
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pypdf import PdfReader

from generator.check import check_repository
from generator.load import load_library
from generator.model import Annexe
from generator.pdf.documents import job, pdf_path, site_jobs
from generator.pdf.render import PrintRenderer
from generator.print_sizes import CARD_BAND_MM, CARD_GRIDS, CARD_PT, card_grid, card_lines

from .conftest import FIXTURES, build_into
from .helpers import diagnostics_of, formatted, write
from .test_pdf_support import MM, PAGE_NUMBER, normalize, page_problems, png_pages
from .test_pdf_support import structure_elements as _elements
from .test_pdf_support import structure_kids as _kids

# (The helpers of test_pdf_quality and test_pdf_tags are not imported: importing those modules
# would render the whole print fixture for their parameters.)




def _font_names(pdf: Path) -> set[str]:
    """Base names of the fonts of every page, with whether each is embedded."""
    names = set()
    with pikepdf.open(pdf) as document:
        for page in document.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                descriptor = descendant.FontDescriptor
                embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2",
                                                             "/FontFile3"))
                names.add(f"{font.BaseFont}{'' if embedded else ' (non incorporée)'}")
    return names

FICHE = "fiches/jeu.yml"
HEAD = """\
titre: Jouer aux cartes des arnaques
resume: Un jeu de cartes pour reconnaître un faux message.
public: [seniors]
niveau: debutant
duree: 45 min
objectifs: [Reconnaître un faux message.]
"""


def _repo(tmp_path: Path, annexes: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "mini", root)
    write(root, FICHE, HEAD + annexes)
    return root


def _messages(root: Path, code: str | None = None) -> list[str]:
    """The diagnostics of the fiche, in the order of its lines."""
    return sorted((line for line in formatted(root) if line.startswith(FICHE)
                   and (code is None or f"[{code}]" in line)), key=_line)


def _line(message: str) -> tuple[int, int]:
    line, column = message.split(":")[1:3]
    return int(line), int(column)


# --- model and check ----------------------------------------------------------------------


def test_an_annex_is_a_text_a_picture_or_cards(tmp_path: Path) -> None:
    root = _repo(tmp_path, """\
annexes:
  - titre: Le scénario
    texte: Mme Lambert a reçu des messages étranges.
  - titre: Les cartes
    cartes: [Un message, Un autre]
  - titre: Les phrases à lire
    cartes: [Vrai ou faux ?]
    a_decouper: false
  - titre: Le mémo
    pour: apprenant
    image: medias/trombone.svg
    alt: Un trombone.
""")
    assert _messages(root) == []
    fiche = load_library(root).library.fiches["jeu"]
    scenario, cards, sentences, memo = fiche.annexes
    assert not scenario.decoupee and cards.decoupee and not sentences.decoupee
    assert (scenario.pour, memo.pour) == ("animateur", "apprenant")
    assert fiche.source.at("annexes", 1, "cartes", 1).line == 11


def test_annex_mistakes_are_french_errors_at_their_place(tmp_path: Path) -> None:
    root = _repo(tmp_path, """\
annexes:
  - titre: Rien
  - titre: Sans cartes
    a_decouper: true
    texte: Du texte.
  - titre: Oui ou non
    cartes: [Une carte]
    a_decouper: oui
  - titre: Pour qui
    texte: Du texte.
    pour: lecteurs
  - titre: Mal nommé
    contenu: Du texte.
""")
    assert _messages(root) == [
        f"{FICHE}:8:5: erreur: « annexes › 1 » : annexe vide : rien à imprimer "
        "[valeur-invalide] (ajoutez « texte: », « image: » ou « cartes: »)",
        f"{FICHE}:10:17: erreur: « annexes › 2 › a_decouper » : « a_decouper » sans cartes à "
        "découper [valeur-invalide] (ajoutez « cartes: » avec une ligne « - … » par carte)",
        f"{FICHE}:14:17: erreur: « annexes › 3 › a_decouper » : true ou false attendu "
        "[valeur-invalide] (écrivez true (oui) ou false (non), sans guillemets)",
        f"{FICHE}:17:11: erreur: « annexes › 4 › pour » : valeur « lecteurs » inconnue "
        "[valeur-inconnue] (valeurs acceptées : animateur, apprenant)",
        f"{FICHE}:19:5: erreur: clé inconnue « contenu » [cle-inconnue] (clés acceptées : "
        "titre, texte, image, alt, cartes, a_decouper, pour)",
    ]


def test_annexes_and_cards_are_bounded(tmp_path: Path) -> None:
    cards = "\n".join(f"      - Carte {n}" for n in range(49))
    root = _repo(tmp_path, f"""\
annexes:
  - titre: Trop de cartes
    cartes:
{cards}
  - titre: Une carte trop longue
    cartes:
      - "{'mot ' * 80}"
""")
    [many, long] = _messages(root, "limite-depassee")
    assert many.startswith(f"{FICHE}:10:7: erreur: « annexes › 1 › cartes » : 49 éléments pour "
                           "48 au plus")
    assert "découpez-le en plusieurs annexes" in many
    assert long.startswith(f"{FICHE}:61:9: erreur: « annexes › 2 › cartes › 1 » : texte trop "
                           "long : 320 caractères pour 300 au plus")
    assert "tient dans sa case" in long


def test_annex_pictures_are_checked_like_step_pictures(tmp_path: Path) -> None:
    root = _repo(tmp_path, """\
annexes:
  - titre: Sans description
    image: medias/trombone.svg
  - titre: Absente
    image: medias/absente.png
    alt: Une image absente.
  - titre: Hors du dépôt
    image: ../secret.png
    alt: Une image hors du dépôt.
""")
    write(root, "medias/piege.svg", '<svg xmlns="http://www.w3.org/2000/svg" '
          'viewBox="0 0 10 10"><script>alert(1)</script></svg>')
    with (root / FICHE).open("a", encoding="utf-8") as stream:
        stream.write("  - titre: Piégée\n    image: medias/piege.svg\n    alt: Un dessin.\n")
    messages = _messages(root)
    assert messages[0].startswith(f"{FICHE}:9:12: erreur: image sans texte de remplacement "
                                  "« alt » [image-sans-alt]")
    assert messages[1].startswith(f"{FICHE}:11:12: erreur: image « medias/absente.png » "
                                  "introuvable [image-refusee]")
    assert messages[2].startswith(f"{FICHE}:14:12: erreur: image « ../secret.png » hors du "
                                  "dépôt [image-refusee]")
    assert messages[3].startswith(f"{FICHE}:17:12: erreur: image SVG « medias/piege.svg » "
                                  "refusée : élément « script »")
    assert len(messages) == 4


def test_a_script_or_a_javascript_link_in_an_annex_is_refused(tmp_path: Path) -> None:
    root = _repo(tmp_path, """\
annexes:
  - titre: Piégée
    texte: "Voir [ici](javascript:alert(1)) <script>alert(2)</script>"
    cartes:
      - "[Gagné](java\\tscript:alert(3)) <img src=x onerror=alert(4)>"
""")
    assert _messages(root) == [
        f"{FICHE}:9:24: erreur: lien « javascript:alert(1) » refusé [lien-refuse] (liens "
        "acceptés : https://…, mailto:…, fiche:ID, parcours:ID, competence:REF/ID)",
        f"{FICHE}:11:9: erreur: lien « javascript:alert(3) » refusé [lien-refuse] (liens "
        "acceptés : https://…, mailto:…, fiche:ID, parcours:ID, competence:REF/ID)",
    ]
    # Printed anyway (as `relais pdf` never would), nothing of it is live in the HTML.
    library = load_library(root).library
    html = PrintRenderer(library).html(job("annexes", "jeu"))
    assert "<script>alert" not in html and not re.search(r"<[^>]*\bonerror", html)
    assert not re.search(r"href=[\"']?\s*java", html)
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


def test_plain_language_rules_read_learner_annexes_only(tmp_path: Path) -> None:
    root = _repo(tmp_path, """\
annexes:
  - titre: Les faux messages
    cartes: ["URGENT : ne ratez pas votre colis, on vous attend !"]
  - titre: Le mémo
    pour: apprenant
    cartes: ["On ne clique jamais sur le lien."]
""")
    found = {(_line(line)[0], re.findall(r"\[([a-z-]+)\]", line)[-1])
             for line in _messages(root)}
    assert {(12, "falc-on"), (12, "falc-negation")} <= found
    assert {line for line, _ in found} == {12}  # the faked message of line 9 is left alone


def test_a_card_too_long_for_any_cell_is_a_warning(tmp_path: Path) -> None:
    items = "\\n".join(f"- ligne {n}" for n in range(20))
    root = _repo(tmp_path, f"""\
annexes:
  - titre: Une liste
    cartes:
      - Courte.
      - "{items}"
""")
    assert _messages(root) == [
        f"{FICHE}:11:9: avertissement: carte 2 trop longue pour sa case : environ 20 lignes "
        "pour 14 au plus, même à 4 cartes par page [carte-trop-longue] (raccourcissez-la ou "
        "coupez-la en deux cartes ; un long texte va dans « texte » de l'annexe)"]


# --- the grid, from the measured length of the cards ----------------------------------------


def test_the_grid_has_as_many_cards_per_page_as_the_longest_card_allows() -> None:
    assert card_grid(["Court.", "**De : Paul**\n\nJe passe à 18 h."]) == CARD_GRIDS[0]
    sms = ("**De : BANQUE-ALERTE**\n\n« Paiement suspect de 480 € en cours. Un conseiller va "
           "vous appeler : donnez-lui le code reçu pour l'annuler. »")
    assert card_grid([sms]).per_page == 8  # type: ignore[union-attr]
    longer = sms + " Il connaît votre nom, votre banque et votre adresse."
    assert card_grid([sms, longer]).per_page == 6  # type: ignore[union-attr]
    assert card_grid([sms + "\n\n" + sms]).per_page == 4  # type: ignore[union-attr]
    assert card_grid(["\n".join(f"- {n}" for n in range(20))]) is None
    assert [grid.per_page for grid in CARD_GRIDS] == [8, 6, 4]


def test_emphasis_no_break_spaces_and_hyphens_count_as_printed() -> None:
    width = CARD_GRIDS[0].line_em
    assert card_lines("**Violon-Tartine-Pluie-Girafe**", width) == 2  # breaks after a hyphen
    plain = "mot " * 20
    assert card_lines(f"**{plain}**", width) >= card_lines(plain, width)  # bold is wider
    assert card_lines("a\n\nb", width) == 2.25  # two paragraphs and the space between
    assert card_lines("", width) == 0


# --- a small site built with its PDFs -------------------------------------------------------

LONG_CARD = ("**De : un numéro inconnu**\n\n« Votre colis est bloqué au dépôt depuis trois "
             "jours. Réglez 2,99 € de frais avant ce soir, sinon il sera renvoyé à "
             "l'expéditeur : [lien] »")


def _fill(grid_index: int) -> str:
    """The longest card, in words as wide as French gives, that the check lets the grid at
    `grid_index` hold: the print must hold it too."""
    grid = CARD_GRIDS[grid_index]
    words = ["**Méfiez-vous**", "d'un", "«", "conseiller", "»", "qui", "demande,", "au",
             "téléphone,", "votre", "code", "WXYZ", ":", "raccrochez", "!"] * 20
    card = ""
    for word in words:
        longer = f"{card} {word}".strip()
        if card_lines(longer, grid.line_em) > grid.lines:
            return card
        card = longer
    raise AssertionError("a card of 200 words fits a cell")


SITE_CARDS = [
    "**De : 06 12 34 56 78**\n\n« Votre colis n'a pas pu être livré. Réglez 1,49 € : [lien] »",
    "**De : INFO-AMENDE**\n\n« Avis de contravention impayée. Payez aujourd'hui : [lien] »",
    "**De : Paul**\n\n« Je passe déposer les clés à 18 h. »",
    "**De : Mairie**\n\n« La collecte des encombrants a lieu jeudi. »",
    "**De : Cabinet Dr Martin**\n\n« Rappel : rendez-vous mardi à 10 h. »",
    "Une carte avec :material-cog: une icône.",
    "- une liste\n- de deux lignes",
    "**Violon-Tartine-Pluie-Girafe-42**",
    "**De : SERVICE-CLIENT**\n\n« Abonnement suspendu. Payez sous 24 h : [lien] »",
]


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _site_fiche() -> str:
    def cards(texts: list[str]) -> str:
        return "\n".join(f"      - {_quoted(text)}" for text in texts)

    return HEAD + f"""\
annexes:
  - titre: Dix messages à découper
    cartes:
{cards([*SITE_CARDS, _fill(0)])}
  - titre: Les messages longs
    texte: Lisez-les à voix haute, puis faites deviner.
    cartes:
{cards([LONG_CARD + " Appelez vite le 01 23 45 67 89.", _fill(1), "Courte."])}
  - titre: L'écran de l'ordinateur
    texte: Montrez l'écran en grand.
    image: medias/ecran.png
    alt: Un écran d'ordinateur allumé.
  - titre: Vrai ou faux à lire
    a_decouper: false
    cartes: [La carte Vitale est gratuite., Un lien reçu par SMS est sûr.]
  - titre: Le mémo des participants
    pour: apprenant
    cartes: ["Gardez vos codes pour vous.", "Appelez votre banque au numéro de votre carte."]
"""


@cache
def _site() -> tuple[Path, Path]:
    """(content repository, built site), built once for this module."""
    import tempfile

    scratch = Path(tempfile.mkdtemp(prefix="relais-annexes-"))
    root = scratch / "repo"
    write(root, FICHE, _site_fiche())
    (root / "medias").mkdir()
    shutil.copy(FIXTURES / "print" / "medias" / "ecran.png", root / "medias" / "ecran.png")
    result = check_repository(root)
    assert not result.diagnostics, [d.format() for d in result.diagnostics]
    return root, build_into(root, scratch / "site")


@pytest.fixture(scope="module")
def built() -> Iterator[tuple[Path, Path]]:
    root, site = _site()
    yield root, site
    shutil.rmtree(root.parent, ignore_errors=True)


@pytest.fixture(scope="module")
def annexes_pdf(built: tuple[Path, Path]) -> Path:
    pdf = built[1] / pdf_path("annexes", "jeu")
    assert pdf.is_file()
    return pdf


def _pages_text(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as document:
        return [normalize(page.extract_text() or "") for page in document.pages]


def _letters(text: str) -> str:
    """Text without spaces, marks or icons, to compare what the print shows with the source."""
    text = re.sub(r":[a-z]+(?:-[a-z0-9]+)+:|\*\*|^- |\n- |•", "", text)
    return "".join(text.split())


def test_only_fiches_with_annexes_have_an_annexes_pdf(built: tuple[Path, Path]) -> None:
    root, site = built
    library = check_repository(root).library
    annexes = [j.path for j in site_jobs(library) if j.kind == "annexes"]
    assert annexes == ["pdf/fiches/jeu-annexes.pdf"]
    assert not (site / "pdf" / "fiches" / "allumer-annexes.pdf").exists()
    assert job("annexes", "jeu", "a5").path == "pdf/fiches/jeu-annexes.pdf"  # always A4


def test_every_text_of_the_annexes_is_printed_in_order(annexes_pdf: Path) -> None:
    pages = _pages_text(annexes_pdf)
    letters = _letters(" ".join(pages))
    assert "Annexesàimprimer" in letters and "Danscedocument" in letters
    for title in ("Dix messages à découper", "Les messages longs", "L'écran de l'ordinateur",
                  "Vrai ou faux à lire", "Le mémo des participants"):
        assert _letters(title) in letters
    assert _letters("La carte Vitale est gratuite.") in letters
    assert "Lemémodesparticipants—2cartesàdécouper,àdonnerauxparticipants" in letters
    # The list of the first page says where each annex starts.
    starts = [int(n) for n in re.findall(r", page (\d+)\.", pages[0])]
    assert starts == [2, 4, 6, 7, 8]
    assert pages[1].startswith("Jouer aux cartes des arnaques Dix messages à découper")
    assert pages[2].startswith("Jouer aux cartes des arnaques Dix messages à découper (suite)")
    assert pages[3].startswith("Jouer aux cartes des arnaques Les messages longs Lisez-les")


def test_page_count_and_page_numbers(annexes_pdf: Path) -> None:
    pages = _pages_text(annexes_pdf)
    # Contents, 10 cards on 2 pages of 8, text then 3 cards of 6, picture, list, memo.
    assert len(pages) == 1 + 2 + 2 + 1 + 1 + 1
    numbers = [PAGE_NUMBER.search(text).groups() for text in pages]  # type: ignore[union-attr]
    assert numbers == [(str(n), str(len(pages))) for n in range(1, len(pages) + 1)]
    assert len(PdfReader(annexes_pdf).pages) == len(pages)


def _cells(page: pdfplumber.page.Page) -> list[tuple[float, float, float, float]]:
    """Cells of the cutting grid: each is drawn as four dashed lines; the left and right ones
    share their top and bottom."""
    dashed = [line for line in page.lines if line.get("dash") and line["dash"][0]]
    verticals: dict[tuple[int, int], list[float]] = {}
    for line in dashed:
        if abs(line["x0"] - line["x1"]) < 0.5:
            verticals.setdefault((round(line["top"]), round(line["bottom"])), []).append(
                line["x0"])
    cells = []
    for (top, bottom), xs in verticals.items():
        xs.sort()
        cells += [(xs[i], float(top), xs[i + 1], float(bottom)) for i in range(0, len(xs), 2)]
    assert len(dashed) == 4 * len(cells)  # and no other dashed line
    return sorted(cells, key=lambda cell: (cell[1], cell[0]))


def _card_pages(pdf: Path) -> Iterator[tuple[int, pdfplumber.page.Page]]:
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, start=1):
            if "Découpez le long des pointillés" in (page.extract_text() or ""):
                yield number, page


# The pages of cards: (index of their grid in CARD_GRIDS, how many cards they hold).
CARD_PAGES = {2: (0, 8), 3: (0, 2), 5: (1, 3), 8: (0, 2)}


def test_cards_sit_on_a_cutting_grid_of_two_columns(annexes_pdf: Path) -> None:
    found = {number: _cells(page) for number, page in _card_pages(annexes_pdf)}
    assert {number: len(cells) for number, cells in found.items()} == {
        number: count for number, (_, count) in CARD_PAGES.items()}
    for number, cells in found.items():
        grid = CARD_GRIDS[CARD_PAGES[number][0]]
        for x0, top, x1, bottom in cells:
            assert abs((x1 - x0) / MM - grid.cell_width_mm) < 0.6
            assert abs((bottom - top) / MM - grid.cell_height_mm) < 0.6
        lefts = sorted({round(cell[0] / MM) for cell in cells})
        assert lefts in ([18], [18, 105])  # the text column, cut in two
        top = min(cell[1] for cell in cells) / MM
        assert abs(top - (22 + CARD_BAND_MM)) < 1  # under the band of the title
        bottom = max(cell[3] for cell in cells) / MM
        assert bottom < 297 - 22  # above the footer


def test_each_card_fits_its_cell(annexes_pdf: Path) -> None:
    """The words of a cell are its number and its card, whole: none crosses a cut line, none
    runs into the next cell. The fullest cards the check allows are among them."""
    annexes = [[*SITE_CARDS, _fill(0)],
               [LONG_CARD + " Appelez vite le 01 23 45 67 89.", _fill(1), "Courte."],
               ["Gardez vos codes pour vous.", "Appelez votre banque au numéro de votre carte."]]
    which = {2: 0, 3: 0, 5: 1, 8: 2}
    seen = 0
    for number, page in _card_pages(annexes_pdf):
        cards = annexes[which[number]]
        for x0, top, x1, bottom in _cells(page):
            chars = [c for c in page.chars if x0 - 1 < (c["x0"] + c["x1"]) / 2 < x1 + 1
                     and top - 1 < (c["top"] + c["bottom"]) / 2 < bottom + 1]
            assert all(c["x0"] > x0 and c["x1"] < x1 and c["top"] > top and c["bottom"] < bottom
                       for c in chars)
            inside = page.crop((x0, top, x1, bottom))
            words = _letters(inside.extract_text() or "")
            label = re.match(r"\d+", words)
            assert label, words
            card = int(label[0])
            assert words == label[0] + _letters(cards[card - 1]), (card, words)
            seen += 1
    assert seen == 10 + 3 + 2


def test_card_words_are_large_print_and_every_glyph_at_least_14_points(
        annexes_pdf: Path) -> None:
    with pdfplumber.open(annexes_pdf) as document:
        chars = [c for page in document.pages for c in page.chars if c["text"].strip()]
        card_chars = [c for _, page in _card_pages(annexes_pdf) for c in page.chars
                      if c["top"] > (22 + CARD_BAND_MM) * MM and c["text"].strip()]
    sizes = [round(c["size"], 1) for c in chars]
    assert min(sizes) >= 14 and statistics.median(sizes) >= 14
    body = [round(c["size"], 1) for c in card_chars]
    assert statistics.median(body) >= CARD_PT and len(body) > 500
    assert min(body) >= 14  # the card number, in its box


def test_fonts_are_andika_and_embedded(annexes_pdf: Path) -> None:
    names = _font_names(annexes_pdf)
    assert names and all("Andika" in name and "non incorporée" not in name for name in names)


def test_tagged_with_title_language_and_cards_as_labelled_list_items(annexes_pdf: Path) -> None:
    reader = PdfReader(annexes_pdf)
    catalog = reader.trailer["/Root"]
    assert str(catalog["/Lang"]) == "fr" and catalog["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == "Jouer aux cartes des arnaques — annexes à imprimer"
    assert "Dix messages à découper" in reader.metadata.subject
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert 'pdfuaid:part="1"' in xmp
    pdf = pikepdf.open(annexes_pdf)
    elements = list(_elements(pdf.Root.StructTreeRoot))
    headings = [str(e.S) for e in elements if str(e.S).startswith("/H")]
    assert headings == ["/H1"] + ["/H2"] * 6  # contents, then each annex once
    items = [e for e in elements if str(e.S) == "/LI"
             and [str(k.S) for k in _kids(e) if isinstance(k, pikepdf.Dictionary)]
             == ["/Lbl", "/LBody"]]
    assert len(items) >= 10 + 3 + 2  # every card to cut, and the memo's
    assert any(str(e.S) == "/Figure" and str(e.get("/Alt")) == "Un écran d'ordinateur allumé."
               for e in elements)
    # The scissors are decoration: an artifact, no figure of the structure.
    assert not any(str(e.get("/Alt", "")) == "ciseaux" for e in elements)


def test_looked_at_as_png(annexes_pdf: Path) -> None:
    """Rendered by pdftoppm: no blank page, nothing near the paper's edges, and the cut lines
    are dashed (dark and light in turn along the line)."""
    assert page_problems(annexes_pdf) == []
    image = png_pages(annexes_pdf, 100)[1]  # the first page of cards
    scale = 100 / 25.4
    x = round((18 + 87) * scale)  # the line between the two columns
    top, bottom = round((22 + CARD_BAND_MM + 5) * scale), round((297 - 30) * scale)
    column = [min(image.getpixel((x + dx, y)) for dx in (-1, 0, 1)) for y in range(top, bottom)]
    dark = [value < 128 for value in column]
    changes = sum(1 for a, b in itertools.pairwise(dark) if a != b)
    assert 0.3 < sum(dark) / len(dark) < 0.8 and changes > 100


# --- the site -------------------------------------------------------------------------------


def test_the_fiche_page_links_the_annexes_beside_the_trainer_sheet(
        built: tuple[Path, Path]) -> None:
    page = (built[1] / "fiches" / "jeu" / "index.html").read_text("utf-8")
    links = re.findall(r'href="([^"]+\.pdf)"', page)
    names = [link.rsplit("/", 1)[-1] for link in links]
    assert names[:3] == ["jeu-apprenant.pdf", "jeu-animateur.pdf", "jeu-annexes.pdf"]
    assert "Télécharger les annexes à imprimer (PDF)" in page
    for title in ("Annexes à imprimer", "Dix messages à découper", "Les messages longs",
                  "Vrai ou faux à lire", "Le mémo des participants"):
        assert title in page.replace("&#39;", "'").replace("’", "'")
    assert "10 cartes à découper" in page
    for link in links:
        assert (built[1] / "fiches" / "jeu" / link).resolve().is_file()


def test_annex_model_keys_are_documented() -> None:
    guide = (Path(__file__).resolve().parent.parent / "docs" / "guide-auteur.md").read_text()
    for key in Annexe.model_fields:
        assert f"`{key}`" in guide
    assert "carte-trop-longue" in guide and "annexes.pdf" in guide


def test_diagnostics_helper_sees_annex_positions(tmp_path: Path) -> None:
    root = _repo(tmp_path, "annexes:\n  - titre: Rien\n")
    [found] = [d for d in diagnostics_of(root) if d.path == FICHE]
    assert (found.position.line, found.position.column) == (8, 5)
