from django import forms

from apps.conversation.models import BODY_MAX


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Plain text, up to {BODY_MAX} characters. You can change or delete it for 15 "
        "minutes.",
        error_messages={"required": "Write something first."},
    )
    # The runner names which coach's conversation they reply in (they may have several).
    coach = forms.IntegerField(required=False, widget=forms.HiddenInput)
