from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from apps.accounts.models import CoachLink, Profile, User


class UserCreationAdminForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeAdminForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangeAdminForm
    add_form = UserCreationAdminForm
    inlines = [ProfileInline]
    ordering = ("email",)
    list_display = ("email", "is_staff", "is_active", "date_joined", "last_login")
    search_fields = ("email", "profile__display_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (
            "Permissions",
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Every user has a profile; users made here get the defaults.
        Profile.objects.get_or_create(user=form.instance)


@admin.register(CoachLink)
class CoachLinkAdmin(admin.ModelAdmin):
    list_display = ("id", "runner", "coach", "direction", "status", "created_at", "expires_at")
    list_filter = ("status", "direction")
    search_fields = ("runner__email", "coach__email")
    raw_id_fields = ("runner", "coach")
    readonly_fields = ("token",)
