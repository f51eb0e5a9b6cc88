"""Site stage: model -> Markdown pages and navigation (no engine: see generator/engines)."""
