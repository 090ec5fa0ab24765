"""Building coachcheck's spaCy pipeline: the one place where components are registered."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from coachcheck.errors import CoachcheckError, RuleError, RuleErrorGroup
from coachcheck.nlp.components import ActTagger, RuleMatcher, Segmenter
from coachcheck.rulepack import RulePack

SEGMENTER = "coachcheck_segmenter"
ACTS = "coachcheck_acts"
RULES = "coachcheck_rules"
_registered = False


def register_components() -> None:
    """Register coachcheck's factories and Doc extensions (idempotent)."""
    global _registered
    if _registered:
        return
    for attr in ("coachcheck_acts", "coachcheck_rule_hits"):
        if not Doc.has_extension(attr):
            Doc.set_extension(attr, default=None)
    Language.factory(SEGMENTER, assigns=["token.is_sent_start"])(_make_segmenter)
    Language.factory(ACTS, assigns=["doc._.coachcheck_acts"], requires=["token.is_sent_start"])(_make_acts)
    Language.factory(RULES, assigns=["doc._.coachcheck_rule_hits"])(_make_rules)
    _registered = True


def _make_segmenter(nlp: Language, name: str) -> Segmenter:
    return Segmenter(nlp, name)


def _make_acts(nlp: Language, name: str) -> ActTagger:
    return ActTagger(nlp, name)


def _make_rules(nlp: Language, name: str) -> RuleMatcher:
    return RuleMatcher(nlp, name)


def build_nlp(pack: RulePack, model: str | None = None) -> Language:
    """The analysis pipeline: blank English (or a trained pipeline) plus coachcheck's components.

    Args:
        pack (RulePack): the rules whose phrases and patterns to match.
        model (str | None): name or path of an installed trained spaCy pipeline; None for blank English.

    RETURNS (Language): the pipeline; raises RuleErrorGroup for invalid rule patterns.
    """
    import spacy

    register_components()
    if model:
        try:
            nlp = spacy.load(model, exclude=["ner", "lemmatizer", "textcat"])
        except OSError as exc:
            reason = str(exc).splitlines()[0]
            raise CoachcheckError(f"--model {model}: cannot load this spaCy pipeline ({reason})") from None
        # The segmenter also sets the norms every matcher uses; the model's own sentence
        # boundaries, if it has a parser or senter, are set after it and win.
        nlp.add_pipe(SEGMENTER, first=True)
    else:
        nlp = spacy.blank("en")
        segmenter: Segmenter = nlp.add_pipe(SEGMENTER)
        segmenter.hand_on = True  # the act tagger comes next
        segmenter.whole_calls = True
    acts: ActTagger = nlp.add_pipe(ACTS)
    acts.hand_on = True  # the rule matcher comes next
    matcher: RuleMatcher = nlp.add_pipe(RULES)
    add_rules(matcher, pack)
    return nlp


def add_rules(matcher: RuleMatcher, pack: RulePack) -> None:
    """Load every rule's phrases and patterns into the matcher, reporting all invalid patterns."""
    import re

    from spacy.errors import MatchPatternError

    errors = []
    for rule in pack.rules:
        for patterns, unless in ((rule.patterns, False), (rule.unless_patterns, True)):
            phrases = rule.unless_phrases if unless else rule.phrases
            positions = rule.unless_pattern_pos if unless else rule.pattern_pos
            line, col = positions[0] if positions else (rule.line, rule.col)
            try:
                matcher.add_rule(rule.id, phrases, patterns, unless=unless)
            except (MatchPatternError, ValueError, re.error) as exc:
                detail = " ".join(str(exc).split())
                errors.append(RuleError(rule.path, line, col, f"invalid token pattern: {detail}", rule.id))
    if errors:
        raise RuleErrorGroup(errors)
