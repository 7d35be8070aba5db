from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.login, name="login"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/profile/", views.profile, name="profile"),
    path("accounts/password/", views.password_change, name="password_change"),
    path("accounts/users/", views.account_list, name="list"),
    path("accounts/users/new/", views.account_create, name="create"),
    path("accounts/users/<int:pk>/", views.account_detail, name="detail"),
    path("accounts/users/<int:pk>/password/", views.account_password_reset, name="password_reset"),
    path("accounts/users/<int:pk>/active/", views.account_set_active, name="set_active"),
]
