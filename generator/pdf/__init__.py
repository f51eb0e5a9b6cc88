"""Print stage: model -> HTML (Jinja2 print templates) -> PDF (WeasyPrint)."""
