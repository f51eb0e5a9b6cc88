"""Writing content without friction: `relais nouveau` (skeletons) and `relais schemas` (JSON
Schemas for editors). Light to import: the command line registers it at start-up."""

SCHEMA_DIR = "schemas"  # where `relais schemas` writes by default, in the content repository
