"""Accounts: one user model with a role, the districts it serves, and (for officials) its Official."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    STAFF = "staff", _("组织部工作人员")
    LEADER = "leader", _("区领导")
    OFFICIAL = "official", _("党政正职")


class User(AbstractUser):
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.OFFICIAL)
    districts = models.ManyToManyField(
        "org.District", related_name="accounts", blank=True, verbose_name=_("所属区")
    )
    official = models.OneToOneField(
        "org.Official",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("对应干部"),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[districts])

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = _("账号")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="official") | models.Q(official__isnull=True),
                name="user_only_officials_link_an_official",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username
