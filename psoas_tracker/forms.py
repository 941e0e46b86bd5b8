from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Django's form rendering with our field template (labels without a trailing colon)."""

    field_template_name = "components/field.html"
