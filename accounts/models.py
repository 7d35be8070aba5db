"""Accounts: one user model with a role, the districts it serves, and (for officials) its Official."""
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    STAFF = "staff", _("组织部工作人员")
    LEADER = "leader", _("区领导")
    OFFICIAL = "official", _("党政正职")


# The roles whose accounts staff open and manage in their districts; the system administrator
# manages every account (SPEC section 1).
STAFF_MANAGED_ROLES = (Role.LEADER, Role.OFFICIAL)


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
    # Set when staff reset the password to a temporary one: every page but the password change
    # (and sign-out) leads there, and the API refuses, until the account sets its own.
    must_change_password = models.BooleanField(_("下次登录须修改密码"), default=False)

    history = HistoricalRecords(excluded_fields=["password", "last_login"], m2m_fields=[districts])

    class Meta:
        verbose_name = _("账号")
        verbose_name_plural = pgettext_lazy("plural", "账号")
        ordering = ["username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role="official") | models.Q(official__isnull=True),
                name="user_only_officials_link_an_official",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # A superuser is a system administrator whatever made it one (`manage.py createsuperuser`,
        # the manager's create_superuser, a plain save): the pages decide by role, and a superuser
        # of role official could open none of them.
        if self.is_superuser and self.role != Role.ADMIN:
            self.role, self.is_staff, self.official = Role.ADMIN, True, None
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "role", "is_staff", "official"}
        # Every way of changing a password (the API, the admin, PasswordChangeForm, manage.py
        # changepassword) calls set_password() and then saves here, and so does every way of
        # deactivating an account: its API tokens go with the old password, and a reactivated
        # account does not get them back.
        revoke = self.pk is not None and (self._password is not None or not self.is_active)
        super().save(*args, **kwargs)
        if revoke:
            from .tokens import tokens_revoke

            tokens_revoke(self)


class AuditEvent(models.Model):
    """One security-relevant event that is not a change of data (those are in the history
    tables): a denied access, an export. Written only through `accounts.audit.audit_event`."""

    when = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("操作人")
    )
    # Kept when the account is deleted later.
    actor_username = models.CharField(_("用户名"), max_length=150, blank=True)
    action = models.CharField(_("事件"), max_length=40, db_index=True)
    method = models.CharField(_("请求方法"), max_length=10, blank=True)
    path = models.CharField(_("路径"), max_length=500, blank=True)
    status = models.PositiveSmallIntegerField(_("状态码"), null=True, blank=True)
    target = models.CharField(_("对象"), max_length=300, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    ip = models.GenericIPAddressField(_("IP 地址"), null=True, blank=True)

    class Meta:
        verbose_name = _("安全审计事件")
        verbose_name_plural = pgettext_lazy("plural", "安全审计事件")
        ordering = ["-when", "-pk"]

    def __str__(self):
        return f"{self.when:%Y-%m-%d %H:%M:%S} {self.action} {self.actor_username or '-'} {self.path}"
