"""psoas_tracker/mail.py: a notice never fails the action that caused it."""

from psoas_tracker import mail


def test_a_name_with_a_line_break_still_gives_a_one_line_subject(mailoutbox):
    sent = mail.tell(
        "alice@example.com",
        "Eve\nBcc: x@evil.test commented on your plan",
        "conversation/comment_email.txt",
        {"to": None, "writer": None, "on": "your plan", "comment": None, "url": "/"},
    )

    assert sent
    [message] = mailoutbox
    assert message.subject == "Eve Bcc: x@evil.test commented on your plan"
    assert message.to == ["alice@example.com"]
