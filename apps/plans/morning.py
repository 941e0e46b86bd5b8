"""The next-morning check: how the hip feels the morning after a session or a run, 0-10.

Pure functions, no Django. docs/domain.md, "The next-morning check" (the pain-monitoring model,
Thomee 1997; Silbernagel 2007): pain up to 3/10 that has settled by the next morning is
acceptable; more means holding the next step and stepping back.
"""

from dataclasses import dataclass

PAIN_MIN, PAIN_MAX = 0, 10
ACCEPTABLE_PAIN_MAX = 3  # out of 10, the morning after
QUESTION = "How does your hip feel this morning?"


@dataclass(frozen=True)
class MorningPain:
    """The runner's answers, 0-10: this morning's, and the morning before's (None when that
    morning was not answered)."""

    this_morning: int | None
    day_before: int | None = None

    @property
    def allows_next_step(self) -> bool:
        """Up to 3/10 this morning: the next step may go ahead. Unanswered: nothing to go by."""
        return self.this_morning is not None and self.this_morning <= ACCEPTABLE_PAIN_MAX

    @property
    def rising(self) -> bool:
        """More pain this morning than the morning before (both answered)."""
        return (
            self.this_morning is not None
            and self.day_before is not None
            and self.this_morning > self.day_before
        )


def verdict(pain: int) -> str:
    """What an answer of `pain` out of 10 means for the runner today, in one line."""
    if pain <= ACCEPTABLE_PAIN_MAX:
        return (
            f"{pain}/10: up to {ACCEPTABLE_PAIN_MAX}/10 the morning after is acceptable. "
            "Carry on with your plan as it is."
        )
    return (
        f"{pain}/10 is more than the {ACCEPTABLE_PAIN_MAX}/10 that is acceptable the morning "
        "after: hold the next step and step back to an easier day."
    )
