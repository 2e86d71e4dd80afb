"""Imports: one page flow, one API flow and one history for every importable registry.

A domain app lists its registries in its `AppConfig.import_registries` (dotted paths of
`imports.registry.Registry` subclasses); this app finds them by their `slug` and runs each through
`core.importing.plan`: upload → dry run (stored once) → annotated workbook → confirm as a job →
one audit event and one `ImportRun` in the history.
"""
