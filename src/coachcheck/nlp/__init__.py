"""The spaCy layer: the only part of coachcheck that imports spaCy."""

from __future__ import annotations

import sys
import types


def _import_spacy_without_its_cli() -> None:
    """Import spaCy, leaving out its command-line interface, which coachcheck never uses.

    `spacy/__init__.py` imports `spacy.cli` only to offer `spacy.info`, and `spacy.cli` imports
    every spaCy command with weasel and requests: a fifth of the time `import spacy` takes, paid
    on every coachcheck run. While spaCy is imported, empty stand-ins take the place of
    `spacy.cli` and `spacy.cli.info`; they are gone afterwards, whatever happened, so a later
    `import spacy.cli` gets the real package (`spacy.cli` is not an attribute of `spacy` until
    something imports it), and `spacy.info` imports it when called. Should a spaCy version need
    more of its CLI while importing, spaCy's `__init__` runs again without the stand-ins (the
    submodules it had loaded are kept, not loaded twice).
    """
    if "spacy" in sys.modules or "spacy.cli" in sys.modules:
        return

    def info(*args, **kwargs):
        from spacy.cli.info import info as real

        return real(*args, **kwargs)

    cli = types.ModuleType("spacy.cli")
    cli.__path__ = []  # a package, to Python's import system
    cli_info = types.ModuleType("spacy.cli.info")
    cli_info.info = info  # type: ignore[attr-defined]
    sys.modules["spacy.cli"] = cli
    sys.modules["spacy.cli.info"] = cli_info
    try:
        import spacy
    except ImportError:
        pass  # imported again below, the ordinary way
    else:
        return
    finally:  # whatever happened, the stand-ins go
        for name, stand_in in (("spacy.cli", cli), ("spacy.cli.info", cli_info)):
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
    import spacy  # noqa: F401


_import_spacy_without_its_cli()
