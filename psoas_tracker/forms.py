from functools import cached_property
from pathlib import Path

from django.conf import settings
from django.forms import renderers
from django.template import TemplateDoesNotExist
from django.template.loader import get_template


class FormRenderer(renderers.Jinja2):
    """Django's form rendering through Jinja2, with our field template (no colon after labels).

    Django ships Jinja2 versions of all its form and widget templates. A form renders dozens of
    fields and widgets, and Jinja2 renders them several times faster than the template language
    the pages use (measured with `make bench`: the record form). Pages stay Django templates,
    and a widget template that exists only for them (the admin's) is rendered by them.
    """

    field_template_name = "components/field.html"

    @cached_property
    def engine(self):
        return self.backend(
            {
                "APP_DIRS": True,
                # Ours first, so a template of ours may override one of Django's.
                "DIRS": [
                    settings.BASE_DIR / "templates" / "jinja2",
                    Path(renderers.__file__).parent / "jinja2",
                ],
                "NAME": "djangoforms",
                "OPTIONS": {},
            }
        )

    def get_template(self, template_name):
        try:
            return self.engine.get_template(template_name)
        except TemplateDoesNotExist:
            return get_template(template_name)
