"""What each printed document says, read back from the PDFs, in reading order."""

from __future__ import annotations

import itertools

import pdfplumber
import pytest

from generator.pdf.documents import pdf_path, site_jobs
from generator.pdf.glossary import fiche_terms, union_terms

from .test_pdf_support import (
    MM,
    assert_in_order,
    full_text,
    normalize,
    page_texts,
    png_pages,
    printed,
)


def test_the_site_gets_every_pdf_the_pages_link() -> None:
    library = printed().library
    expected = {pdf_path("fiche-apprenant", f) for f in library.fiches}
    expected |= {pdf_path("fiche-animateur", f) for f in library.fiches}
    for parcours_id in library.parcours:
        expected |= {pdf_path("livret", parcours_id), pdf_path("livret", parcours_id, "a5"),
                     pdf_path("guide", parcours_id), pdf_path("emargement", parcours_id),
                     pdf_path("attestation", parcours_id), pdf_path("carnet", parcours_id)}
    assert {job.path for job in site_jobs(library)} == expected
    for path in expected:
        assert printed().pdf(path).read_bytes().startswith(b"%PDF-")


def test_learner_sheet_reads_in_order() -> None:
    fiche = printed().library.fiches["souris"]
    text = full_text(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    steps = [f"{n} {step.texte.replace('*', '')}" for n, step in
             enumerate(fiche.apprenant.etapes, start=1)]
    kinds = {"faire": "À faire", "dire": "À dire à voix haute",
             "ecrire": "À écrire sur les lignes"}
    assert_in_order(text, [
        "Fiche apprenant", "Tenir et utiliser la souris",
        "Ce que vous allez apprendre", *fiche.apprenant.objectifs,
        "La souris sert à montrer et à choisir",
        "Les étapes", "Cochez la case de chaque étape quand vous l'avez faite.", *steps,
        "À retenir", *fiche.apprenant.a_retenir,
        "Exercices", *(f"{n}. {kinds[e.reponse]} {e.texte}"
                       for n, e in enumerate(fiche.apprenant.exercices, start=1)),
        # In the order the sheet first uses them.
        "Les mots à connaître", "souris", "écran", "double-clic", "icône", "molette", "Échap",
        "clavier",
        "Mon aide-mémoire",
    ])
    # The trainer's side never reaches the learner: neither its objectives nor its déroulé.
    assert "Accueil et café" not in text and "Ralentissez" not in text
    assert fiche.objectifs[0] not in text


def test_learner_glossary_is_own_terms_plus_shared_terms_used() -> None:
    library = printed().library
    terms = [t.terme for t in fiche_terms(library, library.fiches["souris"])]
    # Own: double-clic, molette, Échap. Shared and used: clavier (step 10), écran, icône,
    # souris. Shared but not used by this fiche: courriel, navigateur. In the order of first use.
    assert terms == ["souris", "écran", "double-clic", "icône", "molette", "Échap", "clavier"]
    text = full_text(printed().pdf(pdf_path("fiche-apprenant", "souris")))
    assert library.fiches["souris"].glossaire["molette"] in text
    assert "navigateur" not in text and "Un message écrit envoyé par internet" not in text


def test_learner_sheet_leaves_lines_to_write_under_each_exercise() -> None:
    pdf = printed().pdf(pdf_path("fiche-apprenant", "clavier"))
    with pdfplumber.open(pdf) as document:
        index, page = next((i, p) for i, p in enumerate(document.pages)
                           if "Écrivez votre prénom" in (p.extract_text() or ""))
        exercise = page.search("Écrivez votre prénom")[0]
    # Rows of the rendered page below the exercise that are inked across most of the text width.
    image = png_pages(pdf)[index]
    scale = image.height / float(page.height)
    left, right = round(exercise["x0"] * scale), round((float(page.width) - 60) * scale)
    ruled = [y for y in range(round(exercise["bottom"] * scale) + 2, image.height)
             if sum(image.getpixel((x, y)) < 220 for x in range(left, right))
             > 0.8 * (right - left)]
    lines = [y for n, y in enumerate(ruled) if n == 0 or y - ruled[n - 1] > 3]
    assert len(lines) >= 3
    gaps = [b - a for a, b in itertools.pairwise(lines)][:2]
    assert all(gap / scale >= 10 * MM for gap in gaps)  # room for large handwriting


def test_trainer_sheet_has_facts_checklist_and_timed_schedule() -> None:
    library = printed().library
    text = full_text(printed().pdf(pdf_path("fiche-animateur", "souris")))
    public = library.vocabularies.public
    assert_in_order(text, [
        "Fiche animateur", "Tenir et utiliser la souris",
        "Public", f"{public['seniors']}, {public['tres-eloignes']}",
        "Niveau", library.vocabularies.niveau["debutant"], "Durée", "1 h 30",
        "Objectifs", "Matériel", "Une souris filaire par personne", "Un tapis de souris",
        "Préparation", "Ralentissez la vitesse du pointeur",
        "Déroulé", "Heure Durée Étape",
        "0:00 10 min Accueil et café", "0:10 20 min Tenir la souris",
        "0:30 30 min Cliquer et double-cliquer", "1:00 20 min Jeu de la corbeille",
        "1:20 10 min Bilan", "1:30 Fin de l'atelier",
        "Conseils", "Proposez une souris pour gaucher",
    ])
    # A link to a site page keeps its words on paper, never its fiche: address.
    assert "Voir aussi la fiche sur le clavier." in text
    assert "fiche:clavier" not in text


def test_booklet_cover_contents_chapters_glossary_and_notes() -> None:
    library = printed().library
    pages = page_texts(printed().pdf(pdf_path("livret", "premiers-pas")))
    cover = pages[0]
    assert_in_order(cover, ["Livret de l'apprenant", "Premiers pas sur l'ordinateur",
                            "Pour qui", library.vocabularies.public["seniors"],
                            "Séances", "3 séances", "Durée totale", "6 h",
                            "Ce livret appartient à :"])
    assert "Page 1" not in cover
    contents = pages[1]
    assert contents.startswith("Premiers pas sur l'ordinateur Sommaire")
    chapters = ["Séance 1 : La souris et le clavier", "Séance 2 : Les courriels",
                "Séance 3 : Révisions et bilan", "Les mots à connaître", "Mes notes",
                "Mon aide-mémoire"]
    assert_in_order(contents, chapters)
    # Each page number of the contents is the page where that part starts.
    starts = {"Séance 1 : La souris et le clavier": "Séance 1 La souris et le clavier",
              "Séance 2 : Les courriels": "Séance 2 Les courriels",
              "Séance 3 : Révisions et bilan": "Séance 3 Révisions et bilan",
              "Les mots à connaître": "Les mots à connaître", "Mes notes": "Mes notes",
              "Mon aide-mémoire": "Mon aide-mémoire"}
    for entry, opening in starts.items():
        listed = int(contents.split(entry)[1].replace(".", " ").split()[0])
        assert pages[listed - 1].startswith(opening), (entry, listed)
    text = " ".join(pages)
    assert_in_order(text, [
        "Séance 1 La souris et le clavier", "Dans cette séance, vous allez apprendre",
        "Cliquer et double-cliquer.", "Tenir et utiliser la souris", "Les étapes",
        "Écrire avec le clavier", "Regardez le clavier.",
        "Séance 2 Les courriels", "Lire un courriel", "Double-cliquez sur l'icône",
        "Séance 3 Révisions et bilan",
        "Nous revoyons « Tenir et utiliser la souris ». Relisez-la page 3.",
        "Faire le bilan de l'atelier", "Ce que vous allez apprendre :",
        "Dire ce que l'on a appris.",
        "Les mots à connaître",
    ])
    fiches = [library.fiches[i] for i in ("souris", "clavier", "courriel", "bilan")]
    glossary = text.split("Les mots à connaître")[-1]
    assert_in_order(glossary, [term.terme for term in union_terms(library, fiches)])
    assert "touche Entrée" in glossary and "messagerie" in glossary
    assert "navigateur" not in glossary
    assert pages[-3].startswith("Mes notes") and pages[-2].startswith("Mes notes")
    assert pages[-1].startswith("Mon aide-mémoire")


def test_booklet_chapters_start_on_a_new_page() -> None:
    pages = page_texts(printed().pdf(pdf_path("livret", "premiers-pas")))
    openings = [n for n, page in enumerate(pages) if page.startswith("Séance ")
                and " Dans cette séance" in page[:80]]
    assert len(openings) == 3


def test_trainer_guide_schedules_every_session() -> None:
    text = full_text(printed().pdf(pdf_path("guide", "premiers-pas")))
    assert_in_order(text, [
        "Guide de l'animateur", "Premiers pas sur l'ordinateur",
        "Séances 3", "Durée totale 6 h",
        "Programme des séances", "N° Séance Durée Fiches",
        "Séance 1 : La souris et le clavier", "Durée : 3 h",
        "Notes pour l'animateur", "Prévoir une pause au milieu de la séance.",
        "À préparer", "Une souris filaire par personne", "Un ordinateur par personne",
        "Pour « Tenir et utiliser la souris » :", "Ralentissez",
        "Déroulé", "Tenir et utiliser la souris (1 h 30)", "0:00 10 min Accueil et café",
        "1:20 10 min Bilan",
        # The clock runs on through the session: the second fiche starts at 1:30.
        "Écrire avec le clavier (1 h)", "1:30 20 min Découvrir les touches",
        "1:50 30 min Écrire son prénom et son nom", "2:20 10 min Bilan", "2:30 Fin prévue",
        "Séance 2 : Les courriels", "Une adresse de test par personne",
        "0:00 15 min Ouvrir la messagerie", "0:45 Fin prévue",
        "Séance 3 : Révisions et bilan",
        # A fiche without a timed déroulé still gets its slot.
        "Faire le bilan de l'atelier (30 min)", "1:30 30 min Déroulé libre", "2:00 Fin prévue",
    ])
    with pdfplumber.open(printed().pdf(pdf_path("guide", "premiers-pas"))) as document:
        table = next(t for t in document.pages[0].extract_tables() if t[0][0] == "N°")
    rows = [[normalize(cell or "") for cell in row] for row in table]
    assert rows == [
        ["N°", "Séance", "Durée", "Fiches"],
        ["1", "La souris et le clavier", "3 h",
         "Tenir et utiliser la souris ; Écrire avec le clavier"],
        ["2", "Les courriels", "1 h", "Lire un courriel"],
        ["3", "Révisions et bilan", "2 h",
         "Tenir et utiliser la souris ; Faire le bilan de l'atelier"],
        ["", "Total", "6 h", ""],
    ]
    # Trainer notes and schedules are not for learners.
    booklet = full_text(printed().pdf(pdf_path("livret", "premiers-pas")))
    assert "Prévoir une pause" not in booklet


def test_markdown_emphasis_prints_in_bold_never_italic() -> None:
    pdf = printed().pdf(pdf_path("fiche-apprenant", "souris"))
    with pdfplumber.open(pdf) as document:
        words = [w for page in document.pages
                 for w in page.extract_words(extra_attrs=["fontname"])]
    important = [w for w in words if w["text"] == "important"]
    assert important and all("Bold" in w["fontname"] for w in important)
    assert not any("Italic" in w["fontname"] or "Oblique" in w["fontname"] for w in words)


def test_every_print_kind_has_its_template_and_its_own_file_names() -> None:
    from importlib import resources

    from generator.pdf.documents import KINDS

    templates = resources.files("generator.pdf").joinpath("templates")
    assert all(templates.joinpath(kind.template).is_file() for kind in KINDS.values())
    paths = [kind.path("x", paper, size) for kind in KINDS.values()
             for paper in kind.papers for size in kind.sizes]
    assert len(set(paths)) == len(paths)


def test_a_new_print_kind_is_one_registry_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    """Declared once, a kind gets its jobs, its file name, its button on the site and its HTML,
    with nothing else to edit."""
    from generator.pdf.documents import KINDS, PrintKind, format_jobs, job, site_links
    from generator.pdf.render import PrintRenderer

    kind = PrintKind("essai", "fiche", "animateur", "fiche_animateur.html.j2", "essai",
                     "l'essai", (("a4", "Télécharger l'essai (PDF)"),), papers=("a4",),
                     applies=lambda fiche: fiche.ident == "souris",
                     context=lambda library, fiche, plan: {"steps": []})
    monkeypatch.setitem(KINDS, "essai", kind)
    library = printed().library
    assert ("pdf/fiches/souris-essai.pdf", "Télécharger l'essai (PDF)") in site_links(
        library.fiches["souris"])
    assert all("essai" not in path for path, _ in site_links(library.fiches["clavier"]))
    # A4 only: `relais pdf --format a5` prints it on A4 all the same.
    assert [j.path for j in format_jobs(library, "a5") if j.kind == "essai"] == [
        "pdf/fiches/souris-essai.pdf"]
    html = PrintRenderer(library).html(job("essai", "souris"))
    assert library.fiches["souris"].titre in html and "Déroulé" not in html
