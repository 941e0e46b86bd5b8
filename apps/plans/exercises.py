"""A coach's own exercises: written, changed and deleted by their author. The catalogue is
seeded by a migration and never written here."""

import secrets

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

from apps.accounts.scoping import coached_runner_ids
from apps.plans.models import Plan, PlanItem, PlanTemplateItem, Stretch

SLUG_WORDS_MAX = 40  # + "-" + 8 hex characters: within a SlugField's 50


def new_slug(name: str) -> str:
    """A unique address for a new exercise: its name's words and a random tail, kept through
    renames (the slug is unique across the catalogue and every coach's exercises)."""
    words = slugify(name)[:SLUG_WORDS_MAX].strip("-") or "exercise"
    return f"{words}-{secrets.token_hex(4)}"


def create(owner, exercise: Stretch) -> Stretch:
    """Saves a form's unsaved exercise as `owner`'s own."""
    exercise.owner = owner
    exercise.is_catalogue = False
    exercise.slug = new_slug(exercise.name)
    with transaction.atomic():  # a refused name leaves the request's transaction usable
        exercise.save()
    return exercise


def save(exercise: Stretch, today) -> list[Plan]:
    """Saves the author's change (the slug, the address, stays) and returns the active plans
    that follow it: those of the runners linked to the author now, each item marked changed on
    `today`. Every other plan that has the exercise (ended, or a runner whose link ended) keeps
    it as it was: a frozen copy with no owner, which nobody can change."""
    with transaction.atomic():
        before = Stretch.objects.select_for_update().get(pk=exercise.pk)
        items = PlanItem.objects.filter(stretch=exercise)
        following = items.filter(
            plan__status=Plan.Status.ACTIVE, plan__runner__in=coached_runner_ids(exercise.owner)
        )
        staying = items.exclude(pk__in=following.values("pk"))
        if staying.exists():
            before.pk = None
            before.slug = new_slug(before.name)
            before.owner = None
            before.archived_at = timezone.now()
            before.save()
            staying.update(stretch=before)
        exercise.save()
        plans = list(Plan.objects.filter(items__in=following).select_related("runner__profile"))
        following.update(stretch_changed_on=today)
    return plans


def remove(exercise: Stretch) -> bool:
    """Deletes a coach's exercise; one a plan uses (even an ended plan, or a removed item with
    its logged sets) is archived instead: gone from the coach's list, plan editor and plan
    templates, kept in the plans that have it. True when archived."""
    try:
        with transaction.atomic():
            exercise.delete()  # PlanItem.stretch PROTECTs the plans that use it
        return False
    except (ProtectedError, IntegrityError):  # IntegrityError: a plan took it meanwhile
        Stretch.objects.filter(pk=exercise.pk).update(archived_at=timezone.now())
        # Gone for its author: out of their templates too (deleted, it leaves them by CASCADE).
        PlanTemplateItem.objects.filter(stretch=exercise).delete()
        return True


def forget_unused(owner) -> int:
    """Before a coach's account is deleted: their exercises no plan uses go with it (the rest
    stay, ownerless and private, in the runners' plans). Returns how many went."""
    deleted, _by_model = (
        Stretch.objects.filter(is_catalogue=False, owner=owner, planitem__isnull=True)
        .distinct()
        .delete()
    )
    return deleted
