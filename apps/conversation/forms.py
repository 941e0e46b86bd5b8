from django import forms

from apps.conversation.models import BODY_MAX

# A refused comment waits in the session for the page it goes back to, to show beside its field.
REFUSED_SESSION_KEY = "refused_comment"
# The words kept of a refused comment: all of any a person could mean to send.
REFUSED_KEPT_CHARACTERS = 5 * BODY_MAX


class PlainTextField(forms.CharField):
    """Text whose line breaks count as one character, as the textarea's maxlength counts them
    (a browser sends each as CR LF)."""

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n")


class CommentForm(forms.Form):
    body = PlainTextField(
        label="Comment",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Plain text, up to {BODY_MAX} characters. You can change or delete it for 15 "
        "minutes.",
        error_messages={"required": "Write something first."},
    )
    # The runner names which coach's conversation they reply in (they may have several).
    coach = forms.IntegerField(required=False, widget=forms.HiddenInput)


def _key(target):
    """{"assessment": test} as ["assessment", its pk]: what a comment is on, in a session."""
    [(kind, thing)] = target.items()
    return [kind, thing.pk]


def keep_refused(request, form, target, coach_id):
    """Keeps a refused comment's words and what was wrong, for the form of `coach_id`'s thread
    on `target` ({"assessment": test}...): the page redirected to shows them beside the field."""
    request.session[REFUSED_SESSION_KEY] = {
        "target": _key(target),
        "coach": str(coach_id),
        "body": form.data.get("body", "")[:REFUSED_KEPT_CHARACTERS],
        "errors": [error for errors in form.errors.values() for error in errors],
    }


def take_refused(request, target, coach_id):
    """The refused comment kept for the form of `coach_id`'s thread on `target`, once; or None."""
    refused = request.session.get(REFUSED_SESSION_KEY)
    if refused and refused["target"] == _key(target) and refused["coach"] == str(coach_id):
        del request.session[REFUSED_SESSION_KEY]
        return refused
    return None


class GroupMessageForm(forms.Form):
    """A coach's one message to a group: a comment in each runner's conversation."""

    body = PlainTextField(
        label="Message",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Plain text, up to {BODY_MAX} characters. Each runner reads it in their "
        "conversation with you, on their plan (or, without one, on their latest test).",
        error_messages={"required": "Write the message first."},
    )
