"""What `explain` shows: one turn of text read sentence by sentence, with the rules that fired."""

from __future__ import annotations

from typing import Any

from coachcheck.analysis import apply_rules, categorize_turn, sentence_categories, tag_turns
from coachcheck.model import Transcript, Turn
from coachcheck.rulepack import RulePack


def explain_text(nlp, pack: RulePack, text: str, previous: str | None = None,
                 role: str = "coach") -> tuple[list[dict[str, Any]], str]:
    """Tag one turn of text as if the given role said it after `previous` (the other speaker).

    RETURNS (tuple[list[dict], str]): per sentence its act, question type, cues, winning category
        and the rules that fired; and the category the whole turn would get.
    """
    turns = [Turn(0, "rep", " ".join(previous.split()))] if previous and previous.strip() else []
    turns.append(Turn(len(turns), "coach", " ".join(text.split())))
    tagged = tag_turns(nlp, Transcript("<explain>", "txt", tuple(turns)))[-1]
    findings = apply_rules(tagged, pack, role)
    cats = sentence_categories(tagged, findings)
    rows = []
    for s, cat in zip(tagged.sentences, cats, strict=True):
        rows.append({
            "text": s.text, "act": s.act, "question_type": s.question_type, "cues": list(s.cues),
            "category": cat,
            "rules": [{"rule": f.rule_id, "category": f.category, "weight": f.weight}
                      for f in findings if f.sentence_index == s.index],
        })
    return rows, categorize_turn(tagged, findings) if role == "coach" else "-"
