import factory
from django.utils import timezone

from apps.accounts.models import CoachLink, User

PASSWORD = "correct-horse-battery-staple-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    display_name = factory.Sequence(lambda n: f"Person {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the manager, as sign-up does, so every user has a profile.
        return model_class.objects.create_user(*args, password=PASSWORD, **kwargs)


class CoachLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachLink

    runner = factory.SubFactory(UserFactory)
    coach = factory.SubFactory(UserFactory)
    direction = CoachLink.Direction.RUNNER_INVITES_COACH
    status = CoachLink.Status.ACTIVE
    accepted_at = factory.LazyAttribute(
        lambda link: timezone.now() if link.status == CoachLink.Status.ACTIVE else None
    )
