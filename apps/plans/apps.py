from django.apps import AppConfig
from django.conf import settings
from django.db.models.signals import pre_delete


def _forget_unused_exercises(sender, instance, **kwargs):
    from apps.plans import exercises

    exercises.forget_unused(instance)


class PlansConfig(AppConfig):
    name = "apps.plans"
    label = "plans"
    verbose_name = "Stretch plans"

    def ready(self):
        # A deleted coach's unused exercises go with the account; the ones in plans stay (their
        # owner set empty). A signal, because accounts (which deletes users) imports no other app.
        pre_delete.connect(
            _forget_unused_exercises,
            sender=settings.AUTH_USER_MODEL,
            dispatch_uid="plans_forget_unused_exercises",
        )
