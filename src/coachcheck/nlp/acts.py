"""Deciding a sentence's dialog act from its words and the cue phrases found in it.

Pure Python over lowercased token strings, so it is cheap per sentence and easy to test.
The order of the checks is the policy:

1. backchannel: nothing but acknowledgements ("Mm-hmm.", "Okay, got it.");
2. directive in disguise: leading questions ("Why don't you just...") and requests
   ("Can you send me...", "May I have...") - questions in form, directives in function;
3. question: a question mark, a wh-word or an inverted auxiliary at the start of the core
   (after discourse words such as "okay so") or of a clause after a comma, an invitation
   ("tell me more"), an indirect question ("I'm curious what..."), a tag ("..., right?", or
   "...anything right" in raw speech-to-text), a scaling question, asking leave ("Do you mind if
   I...?"). A statement with a question mark ("So you sent it to legal?") asks for confirmation
   and is a closed question, even when it echoes the rep: AnnoMI's annotators code three in
   four of these as questions, and the text alone cannot tell the rest apart;
4. directive: an imperative at the start of the core or after a short lead and a comma
   ("Priya, send me the deck"), "let's" + verb, modal pressure ("you need to", "I want you
   to", "make sure") anywhere, a polite request ("The forecast, please.");
5. reflection: a statement that announces itself ("it sounds like", "you're saying"), that
   speaks about the listener and echoes the words of their last turn, that says back their
   feelings or wishes ("You don't feel ready", "So you'd like more support"), or a "so..."
   summary of their situation that names them ("So that's a lot landing on you");
6. statement: anything else.

Open versus closed goes by what the question asks for: wh-questions (what, how, why, where)
and invitations are open; yes/no questions, tags, "either/or" and wh-questions that ask for a
figure or a fact ("how many", "what time", "when", "who", "which") are closed. "Can you tell me
about..." is an invitation, so open; "Could you tell me the renewal date?" asks for one fact, a
request, so a directive.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from coachcheck.nlp.lexicon import Lexicon

_PUNCT_END = {"?", "!", ".", "...", "…"}
_TAG_WORDS = {"right", "okay", "ok", "yeah", "correct", "no", "yes", "huh", "eh", "alright", "true"}
_TALK_VERBS = {"tell", "describe", "say", "share", "walk", "talk", "explain", "expand", "elaborate",
               "think", "imagine", "picture", "unpack"}
_TALK_INVITES = {"tell", "fill", "telling", "share", "walk", "talk", "describe", "explain", "start"}
_QUOTES = {'"', "“", "”"}
_PRONOUN_SUBJECTS = {"i", "we", "they", "he", "she", "you", "it", "people"}
# "You feel...", "You're worried...": a statement about the listener's inner life mirrors them.
_INNER_VERBS = {"feel", "felt", "seem", "seemed", "sound", "look", "looked", "wish", "hope", "worry", "care", "love",
                "hate", "enjoy", "miss", "believe", "wonder", "wanna", "really", "kind", "kinda", "sort", "get"}
_INNER_STATES = {"not", "really", "kind", "kinda", "sort", "feeling", "worried", "concerned", "afraid", "scared",
                 "frustrated", "tired", "stuck", "unsure", "torn", "ready", "wondering", "thinking", "trying", "hoping",
                 "struggling", "excited", "nervous", "happy", "unhappy", "proud", "angry", "upset", "disappointed",
                 "comfortable", "uncomfortable", "confident", "curious", "willing", "open", "interested"}
_YOU = {"you", "your", "yours", "yourself", "you're", "you've", "you'd", "you'll"}
_CLAUSE_SUBORDINATORS = {"when", "if", "once", "after", "before", "whenever", "while", "as", "since"}


@dataclass(frozen=True, slots=True)
class Act:
    """The tagger's decision for one sentence."""

    act: str
    question_type: str | None
    cues: tuple[str, ...]


class _IsWord(dict[str, bool]):
    """Token -> whether it is a word (begins with a letter or digit), worked out once per token."""

    def __missing__(self, token: str) -> bool:
        self[token] = is_word = token[:1].isalnum()
        return is_word


_IS_WORD = _IsWord()


def word_tokens(tokens: Sequence[str]) -> list[str]:
    """The tokens that are words, punctuation left out (filtered in C: this runs for every sentence)."""
    return list(compress(tokens, map(_IS_WORD.__getitem__, tokens)))


_STATEMENT = Act("statement", None, ())
_BACKCHANNEL = Act("backchannel", None, ("BACKCHANNEL",))
"""The most common decisions, made once (an Act cannot change)."""


def core_start(words: Sequence[str], lex: Lexicon) -> int:
    """Index of the first word after discourse markers, fillers and stutters ("okay, so, um, what...")."""
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        nxt = words[i + 1] if i + 1 < n else None
        if nxt is not None and (w, nxt) in lex.fillers:
            i += 2
        elif w in lex.discourse or (w and not w[0].isalnum() and w not in {"'s", "'re"}):
            i += 1
        elif nxt in {"-", "--", "—"} and i + 2 < n and words[i + 2].startswith(w[:2]):
            i += 2  # stutter: "what- what do you..."
        elif nxt == w and w.isalpha():
            i += 1  # the same stutter in raw speech-to-text: "what what do you..."
        else:
            break
    return i


def classify(
    words: Sequence[str],
    cues: Collection[tuple[str, int]],
    prev_content: Collection[str] | None,
    lex: Lexicon,
    tags: Sequence[str] | None = None,
) -> Act:
    """Dialog act of one sentence.

    Args:
        words (Sequence[str]): the sentence's tokens, lowercased, punctuation included.
        cues (Collection[tuple[str, int]]): (cue label, start index) of the cue phrases found in it.
        prev_content (Collection[str] | None): content stems of the other speaker's last turn.
        lex (Lexicon): the word lists.
        tags (Sequence[str] | None): fine-grained part-of-speech tags aligned with `words`, when a
            trained pipeline (`--model`) provides them; they settle whether a first word is a verb.

    RETURNS (Act): the act, the question type for questions, and the cues that decided it.
    """
    content = word_tokens(words)
    if not content:
        return Act("backchannel", None, ("EMPTY",))
    qmark = "?" in words[-2:] or (len(words) > 1 and words[-1] in {'"', "'", ")"} and words[-2] == "?")
    if words[0] in _QUOTES:
        return Act("statement", None, ("QUOTED",))  # lines said in someone else's voice, as in a role-play
    quoted = not _QUOTES.isdisjoint(words[1:-2])
    if quoted:
        qmark = False  # the question mark belongs to the quotation: 'I asked you, "So what's my monthly?"'
    if not qmark and len(content) <= 6 and lex.backchannel.issuperset(content):
        return _BACKCHANNEL

    start = core_start(words, lex)
    if start >= len(words):
        return _BACKCHANNEL
    first = words[start]
    nxt = words[start + 1] if start + 1 < len(words) else ""
    at_start: Collection[str] = {label for label, pos in cues if pos <= start + 1 and pos >= start - 1} if cues else ()
    anywhere: Collection[str] = {label for label, _ in cues} if cues else ()

    # 2. Directives in question form.
    leading = [pos for label, pos in cues if label == "LEADING" and not (pos > 0 and words[pos - 1] in lex.wh_words)] \
        if "LEADING" in anywhere else ()
    if leading:
        # "Why don't you tell me about it?" invites the rep to talk; "why don't you just send it?" orders
        if first == "why" and set(words[leading[0] + 3 : leading[0] + 6]) & _TALK_INVITES:
            return Act("question", "open", ("INVITE",))
        if words[leading[0] + 2 : leading[0] + 4] == ["mind", "if"]:
            return Act("question", "closed", ("PERMISSION",))  # "Do you mind if I share something?" asks leave
        return Act("directive", None, ("LEADING",))  # but "What shall we do?" asks
    if first in _ASKING_MODALS and nxt == "you" and start + 2 < len(words):
        asked = _asked_to(words, start + 2, anywhere, lex)
        if asked:
            return asked
    if first == "any" and nxt == "chance":  # "Any chance you could send the quote today?"
        asked = _you_could(words, start + 3 if words[start + 2 : start + 3] == ["that"] else start + 2, anywhere, lex)
        if asked:
            return asked
    offer = first in {"may", "can", "how"} and "help" in words[start : start + 5]
    offer = offer or (first in {"may", "can", "could"} and words[start + 1 : start + 3] == ["i", "ask"])
    if "REQUEST_I" in at_start and first in {"may", "can", "could", "i", "i'd"} and not offer:
        return Act("directive", None, ("REQUEST",))

    # 3. Questions.
    if "INVITE" in at_start or (first in {"please", "just"} and "INVITE" in anywhere):
        return Act("question", "open", ("INVITE",))
    if "INVITE" in anywhere and "," in words:
        comma = words.index(",")
        after_comma = core_start(words[comma + 1 :], lex) + comma + 1
        if any(label == "INVITE" and pos == after_comma for label, pos in cues):
            return Act("question", "open", ("INVITE",))  # "...a good place to start is, tell me why you're here."
    if "EMBEDDED_ANY" in anywhere and any(
            label == "EMBEDDED_ANY" and ("i" in words[max(0, pos - 4) : pos] or pos == start) for label, pos in cues):
        return Act("question", "open", ("EMBEDDED_Q",))  # "I'm genuinely curious what..."; not "you're wondering"
    if "scale" in words and any(w in lex.wh_words for w in words[words.index("scale") :]):
        return Act("question", "closed", ("SCALE",))  # "On a scale of 1 to 10, where would you put yourself?"
    if "EMBEDDED_Q" in at_start:
        whether = next((i for i in range(start + 2, min(start + 6, len(words))) if words[i] in {"if", "whether"}), None)
        if whether is None:
            return Act("question", "open", ("EMBEDDED_Q",))
        # "I was wondering if you could send me the deck": a request put as a wish to know
        asked = _you_could(words, whether + 1, anywhere, lex)
        if asked:
            return asked
        return Act("question", "closed", ("EMBEDDED_Q",))
    if first in {"in", "on", "at", "for", "to", "from", "with", "by", "over", "under"} and nxt in lex.wh_words:
        start += 1  # "In what ways...", "To what extent..."
        first, nxt = nxt, words[start + 1] if start + 1 < len(words) else ""
    if first in {"any", "anything"} and nxt in {"thoughts", "ideas", "idea", "else", "other", "questions", "concerns"}:
        return Act("question", "open", ("ANY",))
    tail = [w for w in words if w[:1].isalnum() or w == "n't"][-3:] if "n't" in words else ()
    if len(tail) == 3 and tail[0] in lex.auxiliaries and tail[1] == "n't" and tail[2] in _TAG_SUBJECTS:
        return Act("question", "closed", ("TAG",))
    if _spoken_tag(words, content):
        return Act("question", "closed", ("TAG",))
    if qmark and first in {"when", "where", "whenever"} and "," in words[start:]:
        later = _later_question(words, start, lex)  # "When you picture those deals, what do they have in common?"
        if later:
            return later
    wh = _wh_question(words, start, qmark, words[-1] in {".", "!"}, lex)
    if wh:
        return wh
    negated_subject = nxt not in {"n't", "not"} or (start + 2 < len(words) and words[start + 2] in lex.subjects)
    if (first in lex.auxiliaries and negated_subject and (nxt in lex.subjects or (qmark and nxt[:1].isalpha()))
            and not (first in {"do", "have"} and nxt in _DO_HAVE_OBJECTS and not qmark)):
        if first in {"can", "could", "would"} and nxt == "you" and "INVITE" in anywhere:
            return Act("question", "open", ("INVITE",))
        if first in {"can", "could", "may"} and words[start + 1 : start + 3] == ["i", "ask"]:
            later = _later_question(words, start, lex)  # "Can I ask you, how is all this affecting you?"
            if later:
                return later
        return Act("question", "closed", ("AUX_INVERSION",))
    if qmark:
        tag = words[-3] if len(words) >= 3 and words[-1] == "?" else ""
        if (tag in _TAG_WORDS and words[-2] in {",", "-"}) or (words[-2] in _TAG_WORDS and len(words) > 3):
            if _imperative(words, start, lex, tags):
                return Act("directive", None, ("IMPERATIVE", "TAG"))
            return Act("question", "closed", ("TAG",))
        if _imperative(words, start, lex, tags) and first != "do":
            return Act("directive", None, ("IMPERATIVE",))
        later = None if quoted else _later_question(words, start, lex)
        if later:
            return later
        if " or " in f" {' '.join(words)} ":
            return Act("question", "closed", ("QMARK", "ALTERNATIVE"))
        if content[-1] in {"what", "how", "why"}:
            return Act("question", "open", ("QMARK", "WH_LAST"))  # "And then you'd do what?"
        if prev_content and (first in _YOU or "so" in words[:start]) and _echo(content, prev_content, lex) >= 1:
            return Act("question", "closed", ("DECLARATIVE_Q", "ECHO"))
        if first in {"any", "anything", "anyone", "anybody", "something"} and nxt != "chance":
            return Act("question", "open", ("QMARK", "ANY"))  # "Any other ideas?", but "Any chance of...?" is yes/no
        return Act("question", "closed", ("QMARK",))

    # 4. Directives (an announced reflection goes first: "It sounds like you need to..." mirrors).
    if "REFLECT" in anywhere and _announced_reflection(words, start, cues) and not _stock_phrase(words, start):
        return Act("reflection", None, ("REFLECT",))
    if _imperative(words, start, lex, tags):
        return Act("directive", None, ("IMPERATIVE",))
    if _lets(words, start, lex):
        return Act("directive", None, ("LETS",))
    if first == "let" and "LET_ME_DO" in at_start:
        return Act("directive", None, ("LET_ME",))
    if "MODAL" in anywhere and any(
            label == "MODAL" and not (pos > 0 and words[pos - 1] in {"to", "i", "we", "wanted", "want"})
            for label, pos in cues):
        return Act("directive", None, ("MODAL",))
    clause = _clause_after_lead(words, start, lex)
    if clause is not None and (_imperative(words, clause, lex, tags) or _lets(words, clause, lex)):
        return Act("directive", None, ("IMPERATIVE",))  # "When they call, send it.", "Cindy, help me order."
    if "REQUEST_I" in at_start:
        return Act("directive", None, ("REQUEST",))
    if _polite_request(words, content, lex):
        return Act("directive", None, ("PLEASE",))  # "A ticket to London, please.", "I need the file, please."

    # 5. Reflections: the words this sentence shares with what the rep just said decide most of them.
    if prev_content is None:
        return _STATEMENT
    stems = content_stems(content, lex)
    shared = len(stems.intersection(prev_content))  # no copy of the context, which is often a set
    if first in _YOU and nxt not in {"know", "see", "guys"}:
        if shared:
            return Act("reflection", None, ("YOU_STATEMENT", "ECHO"))
        after = words[start + 2] if start + 2 < len(words) else ""
        if nxt in _INNER_VERBS or (nxt == "'re" and after in _INNER_STATES) or (nxt == "'d" and after in _WISHES):
            return Act("reflection", None, ("YOU_STATEMENT", "INNER"))
        negated = words[start + 3] if nxt in {"do", "did"} and after == "n't" and start + 3 < len(words) else ""
        if (nxt in _WISHES and after != "to") or negated in _INNER_VERBS | _WISHES | {"think"}:
            return Act("reflection", None, ("YOU_STATEMENT", "INNER"))  # "You want this baby.", "You don't feel ready."
        if "so" in words[:start] and nxt not in _PLAN_VERBS:
            return Act("reflection", None, ("YOU_STATEMENT", "SUMMARY"))  # "So you've taken that into account."
    if first not in {"i", "i'm", "i've", "i'd", "we", "we're", "my", "our", "let", "thanks"}:
        so_lead = "so" in words[:start]
        if first in lex.reflect_first or so_lead:
            about_you = first.startswith("you") or first == "your" or (so_lead and bool(_YOU & set(content)))
            if shared >= 1 and (about_you or shared >= 2):
                return Act("reflection", None, ("ECHO",))
        if shared >= 3 and shared >= 0.4 * len(stems):
            return Act("reflection", None, ("ECHO",))
        if so_lead and first in _SUMMARY_FIRST and len(content) >= 4 and _YOU & set(content):
            return Act("reflection", None, ("SUMMARY",))  # "So that's a big change for you."
    if (len(content) <= 5 and first not in {"i", "i'm", "we", "my", "let", "thanks", "thank"}
            and shared >= max(1, len([w for w in content if len(w) > 3]) - 1)):
        return Act("reflection", None, ("ECHO_FRAGMENT",))
    return _STATEMENT


_SUMMARY_FIRST = {"it", "it's", "that", "that's", "this", "there", "there's", "they", "they're", "your", "both",
                  "part", "some", "something", "nothing", "everything", "having", "being"}
"""After "so", the subjects of a summary of the rep's situation; not "so when you...", which teaches."""
_PLAN_VERBS = {"'ll", "will", "can", "could", "should", "need", "have", "must", "gotta"}
"""After "so you": a plan or an obligation ("So you'll call them"), not a summary of the rep's view."""
_WISHES = {"like", "love", "rather", "prefer", "want"}
"""After "you'd": a wish of the listener's said back to them ("So you'd like more support")."""
_DASHES = {"-", "--", "—", "–"}
_TRAILING_REFLECT = (("it", "sounds", "like"), ("it", "seems", "like"), ("it", "seems"), ("sounds", "like"))


_ASKING_MODALS = {"can", "could", "would", "will"}
_QUESTION_VERBS = {"like", "be", "say", "mind", "ever", "consider", "want", "see", "feel", "agree", "have", "do",
                   "still", "really", "also", "maybe", "possibly", "rather", "n't", "not"}
"""After "could you": the verbs of a real question ("would you like to...", "could you see yourself...")."""


def _asked_to(words: Sequence[str], verb_i: int, anywhere: Collection[str], lex: Lexicon) -> Act | None:
    """What "(could) you ..." asks of the listener, from the word after "you" on: something to do
    ("Could you send the quote?", a request, so a directive), to talk ("Can you walk me through
    it?", an invitation, so an open question), or None for a real question ("Would you like to...")."""
    while verb_i + 1 < len(words) and words[verb_i] in {"maybe", "just", "possibly", "perhaps", "quickly"}:
        verb_i += 1
    verb = words[verb_i]
    if verb == "please":
        return Act("directive", None, ("REQUEST",))
    if verb == "tell" and words[verb_i + 1 : verb_i + 2] == ["me"] and _asks_for_a_fact(words[verb_i + 2 :]):
        return Act("directive", None, ("REQUEST",))  # "Could you tell me the way?", not "...tell me more?"
    if verb in _QUESTION_VERBS:
        return None
    if verb in _TALK_VERBS or "INVITE" in anywhere:
        return Act("question", "open", ("INVITE",))
    if verb in lex.imperative_verbs:
        return Act("directive", None, ("REQUEST",))
    return None


def _you_could(words: Sequence[str], you: int, anywhere: Collection[str], lex: Lexicon) -> Act | None:
    """`_asked_to` for "you could/would/can/will ..." at `you` ("if you could...", "any chance you
    could..."); None when the words there are not that."""
    if you + 2 < len(words) and words[you] == "you" and words[you + 1] in _ASKING_MODALS:
        return _asked_to(words, you + 2, anywhere, lex)
    return None


def _announced_reflection(words: Sequence[str], start: int, cues: Collection[tuple[str, int]]) -> bool:
    """A reflection marker at the start ("It sounds like..."), after a false start ("It sounds- it
    sounds like..."), or closing the sentence ("Almost overwhelming, it sounds like.")."""
    markers = [pos for label, pos in cues if label == "REFLECT"]
    if not markers:
        return False  # the closing markers are REFLECT cues too
    for pos in markers:
        if start - 1 <= pos <= start + 1 or (pos <= start + 4 and words[pos - 1][-1:] in _DASHES):
            return True
    content = tuple(word_tokens(words))
    return len(content) > 3 and any(content[-len(t) :] == t for t in _TRAILING_REFLECT)


def _lets(words: Sequence[str], start: int, lex: Lexicon) -> bool:
    """ "Let's get the deck out", "let's just take the bus"; not "let's see" or "let's say"."""
    first = words[start] if start < len(words) else ""
    let_us = first == "let" and start + 1 < len(words) and words[start + 1] in {"us", "'s"}
    if not (first in {"let's", "lets"} or let_us):
        return False
    at = start + (2 if first == "let" else 1)
    while at < len(words) and words[at] in {"just", "all", "now", "maybe", "quickly", "also", "go", "and"}:
        at += 1
    verb = words[at] if at < len(words) else ""
    return verb[:1].isalpha() and verb not in lex.lets_not


_MAX_LEAD = 4


def _clause_after_lead(words: Sequence[str], start: int, lex: Lexicon) -> int | None:
    """Start of the main clause after a short lead and a comma: a name ("Cindy, help me"), a time
    ("At two, give the demo") or a subordinate clause ("When they call, send it"); None without one."""
    if "," not in words:
        return None
    try:
        comma = words.index(",", start)
    except ValueError:  # only before the core
        return None
    lead = word_tokens(words[start:comma])
    if not lead or (len(lead) > _MAX_LEAD and words[start] not in _CLAUSE_SUBORDINATORS):
        return None
    if lead[0] in _YOU or lead[0] in {"i", "we", "they", "he", "she", "it", "that", "this", "there"}:
        return None  # "I know, just..." is a sentence of its own; it gets no special reading here
    clause = core_start(words[comma + 1 :], lex) + comma + 1
    if len(word_tokens(words[clause:])) < 2:
        return None  # "Good morning, miss.": a name or an address, not an order
    return clause


def _polite_request(words: Sequence[str], content: Sequence[str], lex: Lexicon) -> bool:
    """ "Please" makes a statement a request ("The file, please."), but not "Yes, please." or "if you please"."""
    if "please" not in content or all(w in lex.backchannel for w in content if w != "please"):
        return False
    at = words.index("please")
    return not (at >= 2 and words[at - 2 : at] in (["if", "you"], ["as", "you"]))


_NO_TAG_BEFORE_RIGHT = {
    "it", "this", "that", "them", "that's", "it's", "is", "was", "all", "alright", "turn", "exactly", "right", "yeah",
    "okay", "so", "you're", "to", "the", "do", "done", "doing", "get", "got", "left", "and", "or", "go", "going",
    "there", "here", "just", "me", "things", "thing", "yes", "'s", "'re"}
"""Words before a final "right" that make it part of the sentence ("get it right", "turn right"), not a tag."""


def _spoken_tag(words: Sequence[str], content: Sequence[str]) -> bool:
    """A tag question as raw speech-to-text writes it, with no punctuation at all: "you didn't call them right"."""
    if len(content) < 4 or content[-1] != "right" or any(w in _PUNCT_END or w == "," for w in words):
        return False
    return content[-2] not in _NO_TAG_BEFORE_RIGHT and content[0] not in {"that's", "you're", "turn"}


_DO_HAVE_OBJECTS = {"the", "a", "an", "your", "this", "that", "it"}
"""After a first "do" or "have" with no question mark, an object: "Do the forecast.", "Have a look."."""
_TAG_SUBJECTS = {"it", "you", "that", "they", "we", "he", "she", "there"}
"""The subject of a closing tag question: "..., doesn't it", "..., didn't they"."""
_INVERTED_SUBJECTS = {"you", "we", "they", "he", "she", "it", "that", "this", "there", "i"}


def _later_question(words: Sequence[str], start: int, lex: Lexicon) -> Act | None:
    """A wh-question or invitation after a name or a clause: "Barbara, what was it...?" """
    for i in range(start + 1, len(words) - 1):
        if words[i - 1] in {",", "-", "--", "—", ":", ";"}:
            at = core_start(words[i:], lex) + i
            if (at + 1 < len(words) and words[at] in {"tell", "walk", "say", "talk"}
                    and words[at + 1] in {"me", "us", "more"}):
                return Act("question", "open", ("INVITE",))
            wh = _wh_question(words, at, True, False, lex) if at < len(words) else None
            if wh:
                return wh
            if at + 1 < len(words) and words[at] in lex.auxiliaries and words[at + 1] in _INVERTED_SUBJECTS:
                return Act("question", "closed", ("AUX_INVERSION",))  # "So, yoga, is that part of it?"
    return None


_STOCK_SOUNDS = {"good", "great", "fine", "fair", "right", "perfect", "awesome", "lovely", "reasonable", "fun", "ok",
                 "okay", "excellent", "wonderful", "amazing"}
_STOCK_AFTER_SOUNDS = {("a", "plan"), ("a", "good"), ("good",), ("great",), ("fun",), ("fair",), ("a", "deal")}


def _stock_phrase(words: Sequence[str], start: int) -> bool:
    """ "Sounds like a plan", "sounds good": agreement, not a reflection."""
    rest = word_tokens(words[start:])
    for i, w in enumerate(rest[:2]):
        if w in {"sounds", "sound"} and i + 1 < len(rest) and rest[i + 1] in _STOCK_SOUNDS:
            return True  # "It sounds good to me."
    if "like" in rest[:3]:
        after = rest[rest.index("like") + 1 :]
        return tuple(after[:2]) in _STOCK_AFTER_SOUNDS or tuple(after[:1]) in _STOCK_AFTER_SOUNDS
    return False


def _wh_question(words: Sequence[str], start: int, qmark: bool, final_dot: bool, lex: Lexicon) -> Act | None:
    first = words[start]
    if first not in lex.wh_words:
        return None
    nxt = words[start + 1] if start + 1 < len(words) else ""
    if final_dot and nxt not in lex.auxiliaries and {"is", "was", "'s"} & set(words[start + 2 :]):
        return None  # "What got me through was...": a pseudo-cleft statement, punctuated as one
    if first == "what" and nxt in {"a", "an"} and not qmark:
        return None  # "what a quarter"
    if first == "whatever":
        return None
    # "what I do is...", "when I was a rep...", "how you handle it matters": clauses, not questions
    if (nxt in _PRONOUN_SUBJECTS | _CLAUSE_DETERMINERS and not qmark
            and not (first in {"what", "how", "why", "where", "who"} and nxt in {"the", "this", "that"})):
        return None
    if first == "how" and nxt == "about":
        after = words[start + 2] if start + 2 < len(words) else ""
        then = words[start + 3] if start + 3 < len(words) else ""
        if (after in {"we", "you", "i", "us"} and then[:1].isalpha()) or after in _SUGGESTED or after.endswith("ing") \
                or after[:1].isdigit():
            return Act("directive", None, ("SUGGESTION",))  # "How about we...", "How about a coffee?", "...Friday?"
        return Act("question", "open", ("WH_ABOUT",))
    if first == "what" and nxt == "about":
        return Act("question", "open", ("WH_ABOUT",))
    if first == "how" and nxt == "come":
        return Act("question", "open", ("WH",))
    if nxt in lex.closed_wh_next.get(first, ()) or first in lex.closed_wh:
        return Act("question", "closed", ("WH_FACT",))
    return Act("question", "open", ("WH",))


_CLAUSE_DETERMINERS = {"my", "our", "their", "his", "her", "your", "the", "this", "that", "a", "an"}
"""After a wh-word, the start of a subject: "when a CISO asks...," begins a clause, not a question."""

_SUGGESTED = {"a", "an", "some", "another", "this", "these", "that", "those", "tomorrow", "today", "tonight",
              "next", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "noon",
              "morning", "afternoon", "evening", "lunch", "dinner", "breakfast", "coffee"}
"""After "how about": a proposal ("How about Friday?"), where "How about you?" asks."""

_STORY_WORDS = {"story", "backstory", "history", "background", "reasons", "reason", "thinking", "context",
                "situation", "whole", "thoughts", "side", "experience", "view", "take"}
_FACT_ASKED = {"the", "your", "his", "her", "their", "if", "whether", "where", "which", "when", "who", "whose"}


def _asks_for_a_fact(rest: Sequence[str]) -> bool:
    """After "could you tell me": a request for one fact ("the way", "your name", "if...", "how to..."),
    where "more", "about...", "a little", "what happened" invite the other to talk."""
    if not rest:
        return False
    if rest[0] in {"the", "your"} and rest[1:2] and rest[1] in _STORY_WORDS:
        return False  # "Can you tell me the story behind that deal?" invites
    return rest[0] in _FACT_ASKED or (rest[0] == "how" and rest[1:2] in (["to"], ["many"], ["much"], ["far"], ["long"]))


_IMPERATIVE_LEADS = {"just", "please", "now", "then", "first", "also", "really", "always", "definitely", "absolutely",
                     "do", "go", "and", "simply"}
"""Words an order may open with before its verb: "Just send it.", "Now go and call them."."""


def _imperative(words: Sequence[str], start: int, lex: Lexicon, tags: Sequence[str] | None = None) -> bool:
    if tags is None and start < len(words) and words[start] not in lex.imperative_verbs \
            and words[start] not in _IMPERATIVE_LEADS and words[start] != "don't":
        return False  # most sentences: nothing below can make them an order
    if start + 1 < len(words) and words[start] == "please" and words[start + 1][:1].isalpha():
        return True
    i = start
    while i < len(words) and words[i] in _IMPERATIVE_LEADS:
        if words[i] == "do" and i + 1 < len(words) and words[i + 1] in {"n't", "not"}:
            break
        i += 1
    if i >= len(words):
        return words[start] == "please" if start < len(words) else False
    first = words[i]
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if first == "do" and nxt in {"n't", "not"}:
        after = words[i + 2] if i + 2 < len(words) else ""
        return after not in {"you", "we", "they", "i", "know", "think"} and after[:1].isalpha()
    if first == "don't":
        return nxt not in {"you", "we", "they", "i", "know", "think"} and nxt[:1].isalpha()
    if first == "please" and nxt[:1].isalpha():
        return True
    if tags is not None:
        tag = tags[i] if i < len(tags) else ""
        if tag == "VB" and nxt not in _PRONOUN_SUBJECTS and first not in {"let", "tell", "have", "do", "be"}:
            return True  # the tagger knows a base-form verb the word list lacks
        if tag.startswith("NN") or tag in {"PRP", "DT", "JJ", "CD"}:
            return False  # "Call volume is down": the first word is a noun here
    if first not in lex.imperative_verbs or first in {"let", "tell"} or (i > 0 and words[i - 1] == "no"):
        return False
    if first == "have" and nxt in {"you", "we", "they", "i", "n't"}:
        return False
    if first in {"look", "listen", "see"} and nxt in {",", "-", ""}:
        return False
    if first in {"stop", "keep", "start", "try", "quit", "avoid", "continue"} and nxt.endswith("ing"):
        return True  # "Stop being so hard on yourself", "keep pushing"
    return nxt in lex.imperative_next or not nxt[:1].isalnum() or nxt[:1].isdigit()  # "call 3 of them"


def content_stems(words: Sequence[str], lex: Lexicon) -> set[str]:
    """Content words of a turn, crudely stemmed, for reflection matching."""
    cache = _content_cache(lex)
    try:
        stems = set(map(cache.__getitem__, words))
    except KeyError:
        for w in words:
            if w not in cache:
                cache[w] = _stem(w) if len(w) > 2 and w[:1].isalpha() and w not in lex.reflection_stop else None
        stems = set(map(cache.__getitem__, words))
    stems.discard(None)
    return stems  # type: ignore[return-value]


_CONTENT: dict[int, tuple[Lexicon, dict[str, str | None]]] = {}


def _content_cache(lex: Lexicon) -> dict[str, str | None]:
    """Word -> its stem if it is a content word under lex, else None (a per-word cache)."""
    entry = _CONTENT.get(id(lex))
    if entry is None or entry[0] is not lex:
        if len(_CONTENT) >= 8:
            _CONTENT.clear()
        entry = _CONTENT[id(lex)] = (lex, {})
    return entry[1]


def _echo(content: Sequence[str], prev: Collection[str], lex: Lexicon) -> int:
    return len(content_stems(content, lex).intersection(prev))


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word
