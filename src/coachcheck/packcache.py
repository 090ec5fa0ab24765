"""A disk cache of loaded rule packs, so start-up (and every worker's) skips re-reading the YAML.

Reading and validating the rule files costs a quarter of a second on every start; the result
is a small picklable `RulePack`. It is stored under `$XDG_CACHE_HOME/coachcheck` (default
`~/.cache/coachcheck`) keyed by a hash of everything `load_rules` depends on: the content and
path of every rule file, the disabled rules and weights, and the source of the code that
reads rules and defines what they are. Anything unreadable or unwritable is ignored: the cache
can only save time. `COACHCHECK_NO_CACHE=1` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from coachcheck import __version__, rulepack
from coachcheck.rulepack import RulePack
from coachcheck.rulepack.loader import rule_files, shipped_rules_dir

_CODE = ("rulepack", "model.py", "errors.py")
"""What a pickled RulePack is made of (beside the package folder): its key includes their source."""


def cache_dir() -> Path:
    """Where cached rule packs are kept."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "coachcheck"


def load_rules_cached(
    extra: tuple[str, ...] = (), disabled: tuple[str, ...] = (), weights: tuple[tuple[str, float], ...] = ()
) -> RulePack:
    """`rulepack.load_rules(extra, disabled, weights)`, from the cache when nothing it reads has changed.

    RETURNS (RulePack): the rules in force; raises RuleErrorGroup like load_rules (errors are never cached).
    """
    key = None if os.environ.get("COACHCHECK_NO_CACHE") else _key(extra, disabled, weights)
    if key is None:
        return rulepack.load_rules(extra, disabled, weights)
    path = cache_dir() / f"rules-{key}.pickle"
    try:
        with open(path, "rb") as fh:
            pack = pickle.load(fh)
        if isinstance(pack, RulePack):
            return pack
    except Exception:  # missing, unreadable or from an incompatible version: rebuild
        pass
    pack = rulepack.load_rules(extra, disabled, weights)
    _store(path, pack)
    return pack


def _key(extra: tuple[str, ...], disabled: tuple[str, ...], weights: tuple[tuple[str, float], ...]) -> str | None:
    """A hash of everything load_rules reads; None when a source is missing (load_rules reports it)."""
    digest = hashlib.blake2b(digest_size=16)
    package = Path(__file__).resolve().parent
    for name in _CODE:
        target = package / name
        for source in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(str(source.relative_to(package)).encode() + b"\0" + source.read_bytes() + b"\0")
    digest.update(repr((__version__, disabled, weights)).encode())
    try:
        sources = [str(shipped_rules_dir()), *(str(p) for p in extra)]
        for source in sources:
            if not Path(source).exists():
                return None
            digest.update(b"source\0" + source.encode() + b"\0")
            for f in rule_files(source):
                digest.update(str(f).encode() + b"\0" + f.read_bytes() + b"\0")
    except Exception:  # unreadable: let load_rules say what is wrong
        return None
    return digest.hexdigest()


def _store(path: Path, pack: RulePack) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".rules-", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(pack, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: workers starting together may all write it
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except Exception:  # a read-only home or a full disk only costs the time saved
        pass
