"""Site engine adapters: they hand the orchestrator's pages and files to an engine, nothing more."""
