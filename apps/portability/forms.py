import base64
import binascii

from django import forms

from apps.portability.tests_csv import MAX_IMPORT_BYTES


class TestsImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="The columns of an export from this page; only date, instrument and the two hip "
        "angles are required.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )
    # The previewed file travels back with the confirmation, encoded; it is validated again.
    content = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        upload, content = cleaned.get("file"), cleaned.get("content")
        if upload:
            if upload.size > MAX_IMPORT_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB.")
            raw = upload.read()
        elif content:
            try:
                raw = base64.b64decode(content, validate=True)
            except (binascii.Error, ValueError):
                raise forms.ValidationError(
                    "The preview was damaged: choose the file again."
                ) from None
        else:
            raise forms.ValidationError("Choose a CSV file to import.")
        if len(raw) > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 1 MB.")
        try:
            cleaned["text"] = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file is not a UTF-8 CSV file.") from None
        cleaned["encoded"] = base64.b64encode(raw).decode()
        return cleaned
