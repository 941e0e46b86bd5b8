from django import template

from apps.dashboard import first_steps

register = template.Library()


@register.inclusion_tag("components/next_step.html", takes_context=True)
def next_step(context, after):
    """ "Next: get your plan", on the page where the step `after` ends, while the first-run
    checklist is not done. Nothing (and no query) once it is."""
    user = context["request"].user
    steps = first_steps.checklist(user) if user.is_authenticated else None
    step = first_steps.next_step(steps)
    just_done = any(s.key == after and s.done for s in steps or ())
    return {"step": step if just_done else None}
