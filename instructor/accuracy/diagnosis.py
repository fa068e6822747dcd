"""Does a caught mistake's message name it, name only it, and never another mistake's cause? The summary
per function and the goals (see the package's docstring)."""
import re

DIAGNOSIS_GOAL = 0.8              # share of the mistakes whose message names them
SPECIFIC_GOAL = 0.9               # share of the mistakes diagnosed specifically, overall
SPECIFIC_GOAL_PER_FUNCTION = 0.8  # the same, for every graded function


def phrase_pattern(phrase):
    """A regex finding `phrase` as whole words, case-insensitive, with any whitespace between its words."""
    phrase = phrase.strip()
    body = r"\s+".join(re.escape(word) for word in phrase.split())
    before = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    after = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return re.compile(before + body + after, re.IGNORECASE)


def names_mistake(message, expect):
    """True when `message` contains every phrase of `expect` as whole words."""
    return all(phrase_pattern(phrase).search(message or "") for phrase in expect)


def outcome_key(outcome):
    return outcome.assignment, outcome.entry.name


def shared_words(outcomes):
    """{(assignment, entry name): [other mistakes of the same function whose message has every word it expects]}.

    A diagnosis whose words also fit another mistake's message names a family of mistakes, not this one.
    """
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    return {outcome_key(o): [p.entry.name for p in mistakes
                      if p is not o and (p.assignment, p.entry.function) == (o.assignment, o.entry.function)
                      and p.message and names_mistake(p.message, o.entry.expect)]
            for o in mistakes}


def specific(outcome, shared):
    return outcome.diagnosed and not shared.get(outcome_key(outcome))


def same_words(entries):
    """[(function, [names])] of mistakes of one function that expect exactly the same words: the catalogue
    cannot tell them apart by their messages."""
    groups = {}
    for e in entries:
        if e.kind == "mistake":
            words = tuple(sorted({" ".join(p.lower().split()) for p in e.expect}))
            groups.setdefault((e.function, words), []).append(e.name)
    return [(function, names) for (function, _), names in groups.items() if len(names) > 1]


def implied(expect, other):
    """True when every phrase of `other` stands, as whole words, inside a phrase of `expect`: any message that
    names `expect` then names `other` too, so naming `other` is no wrong diagnosis (this covers the mistakes
    that expect exactly the same words, see same_words)."""
    return names_mistake(" | ".join(expect), other)  # "|" is no whitespace: a phrase cannot span two of them


def wrong_diagnoses(outcomes):
    """[(e, o)]: the caught mistake e's message names the cause of another mistake o of the same function.

    Precisely: e is caught, o is another mistake of the same assignment and function, o's expected words are
    not implied by e's (see implied), and e's message contains every phrase o expects (names_mistake).
    """
    mistakes = [o for o in outcomes if o.entry.kind == "mistake"]
    return [(e, o) for e in mistakes if e.caught for o in mistakes
            if o is not e and (o.assignment, o.entry.function) == (e.assignment, e.entry.function)
            and not implied(e.entry.expect, o.entry.expect) and names_mistake(e.message, o.entry.expect)]


def summary(outcomes):
    """{function or "overall": {mistakes, caught, public, diagnosed, specific, correct, accepted}}, functions in
    course order; public counts the mistakes the public tests catch."""
    shared = shared_words(outcomes)
    rows = {}
    for o in outcomes:
        for key in (o.entry.function, "overall"):
            row = rows.setdefault(key, dict(mistakes=0, caught=0, public=0, diagnosed=0, specific=0, correct=0,
                                            accepted=0))
            if o.entry.kind == "mistake":
                row["mistakes"] += 1
                row["caught"] += o.caught
                row["public"] += o.public_caught
                row["diagnosed"] += o.diagnosed
                row["specific"] += specific(o, shared)
            else:
                row["correct"] += 1
                row["accepted"] += o.accepted
    if "overall" in rows:
        rows["overall"] = rows.pop("overall")
    return rows


def short_of_specific_goals(outcomes):
    """[(function or "overall", specific, mistakes, goal)] where specific diagnoses fall short of their goal."""
    short = []
    for function, r in summary(outcomes).items():
        goal = SPECIFIC_GOAL if function == "overall" else SPECIFIC_GOAL_PER_FUNCTION
        if r["specific"] < goal * r["mistakes"]:
            short.append((function, r["specific"], r["mistakes"], goal))
    return short


def unmet_goals(outcomes, leaks=()):
    """One line per goal the outcomes miss (see the package's docstring); empty when all are met."""
    rows = summary(outcomes).get("overall")
    if rows is None:
        return ["nothing was graded"]
    unmet = []
    if rows["caught"] < rows["mistakes"]:
        unmet.append(f"{rows['mistakes'] - rows['caught']} mistake(s) escaped")
    if rows["accepted"] < rows["correct"]:
        unmet.append(f"{rows['correct'] - rows['accepted']} right answer(s) rejected")
    if rows["diagnosed"] < DIAGNOSIS_GOAL * rows["mistakes"]:
        unmet.append(f"diagnosed {rows['diagnosed']} / {rows['mistakes']}, below {DIAGNOSIS_GOAL:.0%}")
    for function, part, whole, goal in short_of_specific_goals(outcomes):
        unmet.append(f"specific diagnoses {function}: {part} / {whole}, below {goal:.0%}")
    wrong = wrong_diagnoses(outcomes)
    if wrong:
        unmet.append(f"{len(wrong)} wrong diagnosis(es)")
    hidden_only = [o for o in outcomes if o.hidden_only_losses]
    if hidden_only:
        unmet.append(f"{len(hidden_only)} right answer(s) meet a hidden-only requirement")
    if leaks:
        unmet.append(f"{len(leaks)} hidden value(s) revealed")
    return unmet


def goals_met(outcomes, leaks=()):
    return not unmet_goals(outcomes, leaks)
