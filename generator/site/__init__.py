"""Site stage: model -> Markdown pages and navigation, plus the thin MkDocs adapter."""
