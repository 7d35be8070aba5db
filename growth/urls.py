app_name = "growth"
urlpatterns: list = []
