"""The guided session run to its end in a browser test, whatever the day: on a strength day each
strength exercise's last set asks how it felt, and the guide waits for the answer."""

from playwright.sync_api import expect

from tests.e2e.conftest import ALL_SETS_SAVED

STRENGTH_EXERCISES_AT_MOST = 6


def guide_to_the_end(page, *, keyboard=False):
    """Answers "About right" to every rating asked (with the keyboard: focused, then Enter)
    until every set is done and saved (a session of 30 sets takes a while to save on a loaded
    machine)."""
    guide = page.locator("#guide")
    question = guide.get_by_text("How did the last set feel?", exact=True)
    done = guide.get_by_role("heading", name="All sets done")
    for _exercise in range(STRENGTH_EXERCISES_AT_MOST):
        expect(question.or_(done).first).to_be_visible(timeout=20_000)
        if not question.is_visible():
            break
        answer = guide.get_by_role("button", name="About right")
        # Answered, the checklist's rating of that exercise is ticked. (The question itself may
        # be back at once for the next strength exercise, too quickly to be seen hidden.)
        rated = page.locator('input[name^="effort-"]:checked')
        before = rated.count()
        if keyboard:  # as the journey's other steps: the control focused, then Enter
            answer.focus()
            page.keyboard.press("Enter")
        else:
            answer.click()
        expect(rated).to_have_count(before + 1)
    expect(done).to_be_visible(timeout=20_000)
    expect(page.locator("#progress")).to_contain_text(ALL_SETS_SAVED, timeout=20_000)
