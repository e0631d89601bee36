"""Checks: declarative probes that look for evidence in the service's repository.

``model.checks`` declares them on checklist items; ``workspace`` finds and reads the files
(each once per run), ``documents`` parses YAML and JSON templates as plain data, ``query``
does a query probe's work on one file, ``pool`` does it for many files on every CPU,
``scanners`` reads IaC scanners' results, ``probes`` runs one probe, ``run`` runs a review's
checks and records them, ``stale`` tells which records no longer match their files. No probe
runs code.
"""
