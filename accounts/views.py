from django.contrib.auth import views as auth_views
from django.shortcuts import render

from .access import public, signed_in
from .forms import LoginForm
from .selectors import home_for

login = public(
    auth_views.LoginView.as_view(
        template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
    )
)
logout = public(auth_views.LogoutView.as_view())


@signed_in
def home(request):
    return render(request, "accounts/home.html", home_for(request.user))
