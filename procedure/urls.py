app_name = "procedure"

urlpatterns: list = []
