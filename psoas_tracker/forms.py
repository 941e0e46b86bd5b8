from django.forms import renderers


class FormRenderer(renderers.TemplatesSetting):
    """Forms render with the project's own template engine (cached templates, one template
    language), and every field through our field template: no colon after labels, help text
    and errors where aria-describedby points."""

    field_template_name = "components/field.html"
