from django import forms

from apps.conversation.models import BODY_MAX


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
