"""Export stage: content -> formats other tools read (CASE, Moodle CSV, iCalendar, JSON catalogue).

Pure functions from a checked `Library` to text; generator/commands/export.py wires them to
the command line.
Nothing here imports MkDocs or WeasyPrint.
"""
